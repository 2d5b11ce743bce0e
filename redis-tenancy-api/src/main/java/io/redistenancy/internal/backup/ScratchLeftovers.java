package io.redistenancy.internal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Scratch servers ({@link ScratchRedis}) left behind by a JVM that died while one ran: their directory
 * names carry the owning JVM's pid, so the next scratch server's start kills (by its pid file, and only
 * if that process is a Redis binary) and deletes those whose JVM is gone.
 */
final class ScratchLeftovers {
  static final String PREFIX = "rt-scratch-";

  private ScratchLeftovers() {}

  /** The directory name prefix of this JVM's scratch servers. */
  static String ownPrefix() {
    return PREFIX + ProcessHandle.current().pid() + "-";
  }

  static void sweep(Path tmp) {
    try (Stream<Path> dirs = Files.list(tmp)) {
      dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(d))
          .filter(d -> owner(d).map(pid -> ProcessHandle.of(pid).isEmpty()).orElse(false))
          .forEach(ScratchLeftovers::remove);
    } catch (IOException | RuntimeException e) {
      // a leftover is private and harmless apart from its memory; the next start tries again
    }
  }

  private static Optional<Long> owner(Path dir) {
    String[] parts = dir.getFileName().toString().substring(PREFIX.length()).split("-", 2);
    try {
      return parts.length == 2 ? Optional.of(Long.parseLong(parts[0])) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void remove(Path dir) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim());
      ProcessHandle.of(pid).filter(p -> p.info().command().map(ScratchLeftovers::isRedis).orElse(false))
          .ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException | RuntimeException noPidFile) {
      // it never started, or is gone already
    }
    deleteTree(dir);
  }

  /** Debian's redis-server is a link to redis-check-rdb, which is what the process table shows. */
  private static boolean isRedis(String command) {
    String name = Path.of(command).getFileName().toString();
    return name.startsWith("redis-server") || name.startsWith("redis-check-rdb");
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a leftover temp directory is private; the next sweep tries again
    }
  }
}
