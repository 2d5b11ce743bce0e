package io.redistenancy;

/**
 * An instance did not come up, or an operation on it failed half-way. What was half-made has been
 * rolled back; the message carries the tail of the instance's log where there is one.
 */
public final class ProvisioningFailedException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public ProvisioningFailedException(String message) {
    super(message);
  }

  public ProvisioningFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
