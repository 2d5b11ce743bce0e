package io.redistenancy;

/**
 * The root of every exception this library throws. Unchecked: callers catch it where they can act.
 * Subclasses say what went wrong; each message says what to do about it. Messages never carry a
 * password or a key.
 */
public class TenancyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TenancyException(String message) {
    super(message);
  }

  public TenancyException(String message, Throwable cause) {
    super(message, cause);
  }
}
