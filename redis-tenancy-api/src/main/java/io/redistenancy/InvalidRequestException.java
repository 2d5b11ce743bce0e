package io.redistenancy;

/**
 * A name, value, plan or file was refused before anything was done: nothing was created, started
 * or written. The message names the value and what is allowed.
 */
public final class InvalidRequestException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
