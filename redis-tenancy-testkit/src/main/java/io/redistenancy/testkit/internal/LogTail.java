package io.redistenancy.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The last lines of a local instance's {@code redis.log}, attached to a failing test. The library
 * exposes log tails only in its own failures, so this reads the local backend's layout
 * ({@code HOME/instances/tenants/NAME/redis.log}); Docker instances log inside their container.
 */
final class LogTail {
  static final int LINES = 20;

  private LogTail() {}

  static Path localLog(Path home, String tenant) {
    return home.resolve("instances").resolve("tenants").resolve(tenant).resolve("redis.log");
  }

  /** The tail of {@code log}, or a sentence saying why there is none. */
  static String of(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Added to a failing test's exception (as suppressed), so reports show it under the failure. */
  static final class Attached extends RuntimeException {
    Attached(String instance, Path log) {
      super("Redis instance " + instance + " held by this test, last lines of " + log + ":\n" + of(log), null,
          false, false);
    }
  }
}
