package io.redistenancy;

/** No tenant of that name exists in this tenancy. */
public final class TenantNotFoundException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public TenantNotFoundException(String message) {
    super(message);
  }
}
