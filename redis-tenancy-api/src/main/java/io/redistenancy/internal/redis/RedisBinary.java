package io.redistenancy.internal.redis;

import io.redistenancy.internal.Checked;
import io.redistenancy.BackendUnavailableException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code redis-server} binary that was found and is new enough. Looked up in a fixed order: the
 * configured path, the environment variable, the system property, then {@code PATH}. The first
 * source that is set decides: an explicit choice that is broken fails rather than silently falling
 * back to another binary.
 */
public record RedisBinary(Path path, String version) {
  public static final String ENV = "REDIS_TENANCY_REDIS_SERVER";
  static final String PROPERTY = "redistenancy.redis-server";
  static final int MIN_MAJOR = 6;
  static final int MIN_MINOR = 2;
  static final String INSTALL_HINT = "Install Redis 6.2 or newer (Debian/Ubuntu: apt-get install redis-server;"
      + " macOS: brew install redis) or set " + ENV + " to the path of a redis-server binary.";

  /**
   * All a Redis process sees of an environment: a fixed PATH (for a wrapper script) and the C
   * locale, so the application's own secrets never reach it or its {@code /proc/PID/environ}.
   */
  public static final Map<String, String> ENVIRONMENT = Map.of(
      "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "LANG", "C");

  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

  /**
   * Finds and checks the binary.
   *
   * @param configured {@code Backends.Local.binary()}
   * @param env the process environment (a parameter so tests can pass their own)
   * @throws BackendUnavailableException listing where it looked and how to install Redis
   */
  public static RedisBinary locate(Optional<Path> configured, Map<String, String> env, String property) {
    List<String> looked = new ArrayList<>();
    Path candidate = null;
    if (configured.isPresent()) {
      candidate = configured.get();
      looked.add("Backends.local().binary(" + candidate + ")");
    } else {
      looked.add("Backends.local().binary() (not set)");
      String fromEnv = env.get(ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        candidate = Path.of(fromEnv);
        looked.add("environment variable " + ENV + "=" + fromEnv);
      } else {
        looked.add("environment variable " + ENV + " (not set)");
        if (property != null && !property.isBlank()) {
          candidate = Path.of(property);
          looked.add("system property " + PROPERTY + "=" + property);
        } else {
          looked.add("system property " + PROPERTY + " (not set)");
          String pathVar = env.getOrDefault("PATH", "");
          candidate = onPath(pathVar).orElse(null);
          looked.add("PATH=" + pathVar + (candidate == null ? " (no redis-server there)" : ""));
        }
      }
    }
    if (candidate == null || !Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
      throw new BackendUnavailableException("The local backend needs redis-server, but "
          + (candidate == null ? "none was found" : candidate + " is not an executable file")
          + ". Looked at: " + String.join("; ", looked) + ". " + INSTALL_HINT);
    }
    String version = versionOf(candidate);
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      throw new BackendUnavailableException("The local backend cannot tell the version of " + candidate
          + " (redis-server --version printed '" + firstLine(version) + "'). " + INSTALL_HINT);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    String found = m.group(1) + "." + m.group(2) + "." + m.group(3);
    if (major < MIN_MAJOR || major == MIN_MAJOR && minor < MIN_MINOR) {
      throw new BackendUnavailableException("The local backend needs Redis 6.2 or newer, but " + candidate
          + " is version " + found + ". " + INSTALL_HINT);
    }
    return new RedisBinary(candidate.toAbsolutePath(), found);
  }

  /** {@link #locate} with this JVM's environment and system property. */
  public static RedisBinary locate(Optional<Path> configured) {
    return locate(configured, System.getenv(), System.getProperty(PROPERTY));
  }

  private static Optional<Path> onPath(String pathVar) {
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "redis-server");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String versionOf(Path binary) {
    try {
      Process p = withMinimalEnvironment(new ProcessBuilder(binary.toString(), "--version"))
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        // --version prints one short line; reading a bounded amount keeps a broken binary from hanging us
        out = in.readNBytes(4096);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new BackendUnavailableException(binary + " --version did not finish within 10s. " + INSTALL_HINT);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BackendUnavailableException("Cannot run " + binary + " --version: " + e.getMessage() + ". "
          + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      throw Checked.interrupted("checking " + binary + " --version", e, BackendUnavailableException::new);
    }
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    line = line.replaceAll("\\p{Cntrl}", "?");
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }

  /** {@code builder} with {@link #ENVIRONMENT} instead of the JVM's environment. */
  public static ProcessBuilder withMinimalEnvironment(ProcessBuilder builder) {
    builder.environment().clear();
    builder.environment().putAll(ENVIRONMENT);
    return builder;
  }
}
