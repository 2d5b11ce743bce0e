package io.redistenancy.internal.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code redis-check-rdb}, when it is installed: a full parse of the file by Redis's own loader, which
 * also counts the keys. Looked up in {@code -Dredistenancy.redisCheckRdb}, then on the PATH.
 */
final class RdbCheckTool {
  private static final Pattern KEYS = Pattern.compile("\\[info\\] (\\d+) keys read");
  private static final Pattern EXPIRES = Pattern.compile("\\[info\\] (\\d+) expires");
  private static final long TIMEOUT_MINUTES = 30;

  private final Path binary;

  private RdbCheckTool(Path binary) {
    this.binary = binary;
  }

  static Optional<RdbCheckTool> find() {
    String configured = System.getProperty("redistenancy.redisCheckRdb");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(new RdbCheckTool(p)) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "redis-check-rdb");
        if (Files.isExecutable(candidate)) {
          return Optional.of(new RdbCheckTool(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What the tool says of {@code rdb}.
   *
   * @param ok whether it exited 0
   * @param keys the keys it read, or -1 if it did not say
   * @param expires the keys with a TTL it read, or -1
   * @param detail its last lines when it failed
   */
  record Result(boolean ok, long keys, long expires, String detail) {}

  Result check(Path rdb) {
    try {
      Process process = new ProcessBuilder(binary.toString(), rdb.toString()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return new Result(false, -1, -1, "redis-check-rdb did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        String last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
        String error = text.lines().filter(l -> l.contains("--- RDB ERROR") || l.contains("[additional info]")
            || l.contains("Unexpected") || l.contains("Wrong")).findFirst().orElse(last);
        return new Result(false, -1, -1, "redis-check-rdb failed (exit " + process.exitValue() + "): " + error.strip());
      }
      return new Result(true, number(KEYS, text), number(EXPIRES, text), "");
    } catch (IOException e) {
      return new Result(false, -1, -1, "redis-check-rdb could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, -1, -1, "interrupted while redis-check-rdb ran");
    }
  }

  private static long number(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
