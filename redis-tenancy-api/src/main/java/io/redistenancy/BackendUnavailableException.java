package io.redistenancy;

/**
 * The backend cannot work on this machine (a missing binary, an unreachable engine or server). The
 * message says what is missing and how to install or configure it.
 */
public final class BackendUnavailableException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
