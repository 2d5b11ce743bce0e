package io.redistenancy.samples.quickstart;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The quickstart's command line: {@code [--keep] [--home DIR]}.
 *
 * @param keep keep the tenants (and the home) instead of deleting them at the end
 * @param home where the tenancy lives; empty means a fresh temporary directory, or
 *     {@code ./.home/quickstart} with {@code --keep}
 */
public record QuickstartOptions(boolean keep, Optional<Path> home) {
  static final String USAGE = """
      usage: quickstart [--keep] [--home DIR]
        --keep      keep the tenants and their connection files instead of deleting them
        --home DIR  the tenancy's home (default: a temp dir; with --keep ./.home/quickstart)""";

  /** Sockets live under the home and a socket path must stay under 108 bytes: keep homes short. */
  static final int MAX_HOME_LENGTH = 60;
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]+");
  private static final Path KEPT_HOME = Path.of(".home", "quickstart");

  public static QuickstartOptions defaults() {
    return new QuickstartOptions(false, Optional.empty());
  }

  /** @throws IllegalArgumentException with the usage, for an unknown or incomplete option */
  public static QuickstartOptions parse(String... args) {
    boolean keep = false;
    Path home = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keep" -> keep = true;
        case "--home" -> {
          if (++i == args.length) {
            throw new IllegalArgumentException("--home needs a directory\n" + USAGE);
          }
          home = Path.of(args[i]);
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
      }
    }
    return new QuickstartOptions(keep, Optional.ofNullable(home));
  }

  /** The home to use when one is fixed (given, or implied by {@code --keep}). */
  Optional<Path> fixedHome() {
    return home.or(() -> keep ? Optional.of(KEPT_HOME) : Optional.empty()).map(QuickstartOptions::checkedHome);
  }

  static Path checkedHome(Path home) {
    Path absolute = home.toAbsolutePath().normalize();
    String text = absolute.toString();
    if (text.length() > MAX_HOME_LENGTH || !SAFE_PATH.matcher(text).matches()) {
      throw new IllegalArgumentException("home " + text + " is not usable: it must be at most " + MAX_HOME_LENGTH
          + " characters of letters, digits and . _ - / (tenant sockets live under it); pass a shorter --home");
    }
    return absolute;
  }
}
