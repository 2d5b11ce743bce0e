package io.redistenancy.internal.resp;

/**
 * Redis answered with an error reply ({@code -ERR ...}, {@code -NOPERM ...}, {@code -LOADING ...}), or
 * (with {@link #isLimit()}) with a reply over one of {@link RespConnection}'s bounds, code {@code LIMIT}.
 */
public final class RespException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean limit;

  public RespException(String message) {
    this(message, false);
  }

  private RespException(String message, boolean limit) {
    super(message);
    this.limit = limit;
  }

  /** A reply refused because it exceeds a bound; {@code detail} names it. */
  static RespException limit(String detail) {
    return new RespException("LIMIT " + detail, true);
  }

  /** Whether the reply was refused for exceeding a bound rather than being an error reply. */
  public boolean isLimit() {
    return limit;
  }

  /** The error code, the first word of the reply: {@code ERR}, {@code NOPERM}, {@code LOADING}, … */
  public String code() {
    String m = getMessage();
    int space = m.indexOf(' ');
    return space < 0 ? m : m.substring(0, space);
  }
}
