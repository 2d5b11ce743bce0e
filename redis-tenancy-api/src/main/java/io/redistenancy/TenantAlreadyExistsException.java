package io.redistenancy;

/** A tenant of that name already exists; use it, or delete it first. */
public final class TenantAlreadyExistsException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public TenantAlreadyExistsException(String message) {
    super(message);
  }
}
