package io.redistenancy.internal;

import io.redistenancy.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one name rule for tenants and plans, checked at the edge. A valid name is safe as a file name,
 * a socket path part, a container or unit instance name and an ACL user or key prefix: no {@code /},
 * {@code .}, space, glob character ({@code * ? [}), upper case or non-ASCII.
 */
public final class Names {
  public static final int MAX_LENGTH = 32;
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");
  public static final String RULE =
      "2 to 32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'";

  /**
   * Control characters, invisible formatting characters (zero-width U+200B..U+200F, bidirectional
   * U+202A..U+202E and U+2066..U+2069, U+FEFF, U+061C …) and line separators: what makes echoed text
   * look other than it is in a log or a terminal.
   */
  private static final Pattern HIDDEN = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

  private Names() {}

  /** {@code text} with every control and invisible formatting character replaced by {@code ?}, for messages. */
  public static String masked(String text) {
    return HIDDEN.matcher(text).replaceAll("?");
  }

  /**
   * Returns {@code name} if valid.
   *
   * @param what what the name is for, e.g. "Tenant name", used in the message
   * @throws InvalidRequestException naming the value and the rule
   */
  public static String requireValid(String what, String name) {
    Objects.requireNonNull(name, what);
    if (!VALID.matcher(name).matches()) {
      throw new InvalidRequestException(what + " '" + shown(name) + "' is invalid: use " + RULE);
    }
    return name;
  }

  /** A name as it may be shown in a message: control and invisible characters masked, long ones cut. */
  static String shown(String name) {
    String masked = masked(name);
    return masked.length() > 40 ? masked.substring(0, 40) + "…(" + name.length() + " chars)" : masked;
  }
}
