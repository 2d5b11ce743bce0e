package io.redistenancy.internal.resp;

/** Redis answered with an error reply ({@code -ERR ...}, {@code -NOPERM ...}, {@code -LOADING ...}). */
public final class RespException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RespException(String message) {
    super(message);
  }

  /** The error code, the first word of the reply: {@code ERR}, {@code NOPERM}, {@code LOADING}, … */
  public String code() {
    String m = getMessage();
    int space = m.indexOf(' ');
    return space < 0 ? m : m.substring(0, space);
  }
}
