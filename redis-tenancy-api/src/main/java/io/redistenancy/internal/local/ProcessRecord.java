package io.redistenancy.internal.local;

import io.redistenancy.internal.Checked;
import io.redistenancy.Access;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What the backend remembers of one tenant's process across JVMs: the pid with the process's start
 * time (a pid alone can be reused by an unrelated process), the owner mark, the spec hash and the
 * TCP port kept for the tenant with how it is served ({@code access}: plaintext, TLS or both).
 * {@code pid} is 0 while the instance is stopped.
 */
record ProcessRecord(long pid, long startedMillis, String owner, String specHash, int port, Access access) {
  ProcessRecord(long pid, long startedMillis, String owner, String specHash, int port) {
    this(pid, startedMillis, owner, specHash, port, Access.PLAIN);
  }

  static ProcessRecord stopped(String owner, String specHash, int port) {
    return new ProcessRecord(0, 0, owner, specHash, port);
  }

  ProcessRecord running(ProcessHandle process) {
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new ProcessRecord(process.pid(), started, owner, specHash, port, access);
  }

  ProcessRecord withoutProcess() {
    return new ProcessRecord(0, 0, owner, specHash, port, access);
  }

  ProcessRecord withSpecHash(String hash) {
    return new ProcessRecord(pid, startedMillis, owner, hash, port, access);
  }

  ProcessRecord withPort(int newPort) {
    return new ProcessRecord(pid, startedMillis, owner, specHash, newPort, access);
  }

  ProcessRecord withAccess(Access newAccess) {
    return new ProcessRecord(pid, startedMillis, owner, specHash, port, newAccess);
  }

  /**
   * The recorded process if it is still the one this record describes: alive, started at the
   * recorded instant, as this user, and running {@code binary} (compared by real path, or by name when
   * the binary moved). A pid that was reused by anything else is never returned, nor another user's
   * process a damaged record names (a JVM running as root could signal it).
   */
  Optional<ProcessHandle> liveProcess(RedisBinary binary) {
    if (pid <= 0 || startedMillis <= 0) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(Liveness::running)
        .filter(InstanceScan::ownedByThisUser)
        .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedMillis)
        .filter(p -> p.info().command().map(c -> isRedis(Path.of(c), binary)).orElse(false));
  }

  static boolean isRedis(Path command, RedisBinary binary) {
    try {
      if (command.equals(binary.path().toRealPath())) {
        return true;
      }
    } catch (IOException e) {
      // the configured binary is gone; fall back to the name
    }
    String name = command.getFileName().toString();
    return name.startsWith("redis-server") || name.startsWith("redis-check-rdb");
  }

  static Optional<ProcessRecord> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw Checked.failure("read " + file, e);
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
      return Optional.of(new ProcessRecord(
          Long.parseLong(p.getProperty("pid", "0")),
          Long.parseLong(p.getProperty("started", "0")),
          p.getProperty("owner", ""),
          p.getProperty("specHash", ""),
          Integer.parseInt(p.getProperty("port", "0")),
          Access.valueOf(p.getProperty("access", "PLAIN"))));
    } catch (IOException | IllegalArgumentException e) {
      // a damaged record describes no process we could safely signal
      return Optional.empty();
    }
  }

  void write(Path file) {
    PrivateFiles.write(file, text());
  }

  /** Writes the record now, durable at {@code pending}'s next sync. */
  void write(Path file, DeferredSync pending) {
    pending.write(file, text());
  }

  private String text() {
    // Properties escapes whatever the owner id holds, so a record always reads back as written
    Properties p = new Properties();
    p.setProperty("owner", owner);
    p.setProperty("specHash", specHash);
    p.setProperty("port", Integer.toString(port));
    p.setProperty("access", access.name());
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("started", Long.toString(startedMillis));
    StringWriter text = new StringWriter();
    try {
      p.store(text, "redis-tenancy local backend: the tenant's process; do not edit");
    } catch (IOException e) {
      throw Checked.failure("render a process record", e); // a StringWriter does not fail
    }
    return text.toString();
  }
}
