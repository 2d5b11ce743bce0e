package io.redistenancy.internal.local;

import io.redistenancy.internal.redis.RedisBinary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds this work directory's redis-server processes by what marks them, not by records: each runs in
 * its tenant's {@code tenants/NAME/data} (the launcher's working directory; {@code "… (deleted)"}
 * once the directory is gone), as this user, from a redis-server executable. A process the previous
 * JVM launched but never recorded (it died in between) is found this way, and so is one whose tenant
 * directory a rollback already deleted.
 */
final class InstanceScan {
  private static final String DELETED = " (deleted)";

  /** One process found, with the start time that identifies it (a pid alone can be reused). */
  record Found(String tenant, ProcessHandle process, long startedMillis) {
    /** The process if it is still the one that was found. */
    Optional<ProcessHandle> stillRunning() {
      return Optional.of(process).filter(Liveness::running)
          .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedMillis);
    }
  }

  private InstanceScan() {}

  /** The processes found, by tenant directory name, in pid order. */
  static Map<String, List<Found>> byTenant(Path workDirectory, RedisBinary binary) {
    Path tenants = TenantPaths.tenantsDirectory(workDirectory);
    Map<String, List<Found>> found = new LinkedHashMap<>();
    ProcessHandle.allProcesses().sorted((a, b) -> Long.compare(a.pid(), b.pid())).forEach(p -> {
      Optional<Path> cwd = workingDirectory(Path.of("/proc", Long.toString(p.pid())));
      if (cwd.isEmpty() || !tenants.equals(tenantOf(cwd.get())) || !ownedByThisUser(p)) {
        return;
      }
      long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
      boolean redis = p.info().command().map(c -> ProcessRecord.isRedis(Path.of(c), binary)).orElse(false);
      if (redis && started > 0 && Liveness.running(p)) {
        String name = cwd.get().getParent().getFileName().toString();
        found.computeIfAbsent(name, k -> new ArrayList<>()).add(new Found(name, p, started));
      }
    });
    return found;
  }

  /** {@code tenants} for {@code tenants/NAME/data}, else null. */
  private static Path tenantOf(Path cwd) {
    Path parent = cwd.getParent();
    return cwd.getFileName() != null && cwd.getFileName().toString().equals("data") && parent != null
        ? parent.getParent() : null;
  }

  private static Optional<Path> workingDirectory(Path proc) {
    try {
      String link = Files.readSymbolicLink(proc.resolve("cwd")).toString();
      return Optional.of(Path.of(link.endsWith(DELETED) ? link.substring(0, link.length() - DELETED.length()) : link));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or another user's
    }
  }

  /** Whether {@code process} runs as the library's user (its uid by {@code /proc}); false if unknown. */
  static boolean ownedByThisUser(ProcessHandle process) {
    Object self = uid(Path.of("/proc/self"));
    if (self == null) { // no /proc: the user name the OS reports
      Optional<String> user = ProcessHandle.current().info().user();
      return user.isPresent() && user.equals(process.info().user());
    }
    return self.equals(uid(Path.of("/proc", Long.toString(process.pid()))));
  }

  private static Object uid(Path proc) {
    try {
      return Files.getAttribute(proc, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Sweeps sockets in {@code run/} that no tenant directory explains (a crash between deleting both). */
  static void deleteStrandedSockets(Path workDirectory) {
    Path tenants = TenantPaths.tenantsDirectory(workDirectory);
    try (DirectoryStream<Path> sockets = Files.newDirectoryStream(TenantPaths.runDirectory(workDirectory), "*.sock")) {
      for (Path socket : sockets) {
        String name = socket.getFileName().toString();
        if (!Files.isDirectory(tenants.resolve(name.substring(0, name.length() - ".sock".length())),
            LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(socket);
        }
      }
    } catch (IOException e) {
      // a leftover socket is harmless: the next instance of that name replaces it
    }
  }
}
