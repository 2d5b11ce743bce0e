package io.redistenancy.internal.external;

import io.redistenancy.TenancyException;
import io.redistenancy.internal.CoalescedRun;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This home's own record of its tenants on external servers, one private file per tenant with one
 * line of text, in a folder of the backend's work directory. It is what says a tenant is this
 * tenancy's when the server cannot: a registered server has no mark of its own (its keyspace is the
 * tenant's), and a shared server that restarts without persistence loses its registry hash while its
 * aclfile keeps the users.
 */
final class TenantFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TenantFiles.class);
  /** How long a lazily saved line waits for others before they are written together. */
  private static final long FLUSH_DELAY_MILLIS = 200;

  private final Path dir;
  private final DeferredSync unsynced = new DeferredSync();
  private final CoalescedRun flushSoon;
  /** Lines saved lazily and not yet written; guarded by this. */
  private final Map<TenantId, String> pending = new HashMap<>();

  /** Records saved one by one, durably ({@link #save}). */
  TenantFiles(Path workDirectory, String folder) {
    this(workDirectory, folder, null);
  }

  /** @param flusher writes the lines {@link #saveLazily saved lazily}, off the caller's thread */
  TenantFiles(Path workDirectory, String folder, ScheduledTasks flusher) {
    this.dir = PrivateFiles.directory(workDirectory.resolve(folder));
    this.flushSoon = flusher == null ? null
        : new CoalescedRun(flusher, Duration.ofMillis(FLUSH_DELAY_MILLIS), this::flush);
  }

  /** Writes the tenant's line durably (fsynced) before returning. */
  void save(TenantId id, String line) {
    PrivateFiles.write(dir.resolve(id.value()), line);
  }

  /**
   * Saves the tenant's line in the background, with others of the next 200 ms, and makes it durable
   * at the next {@link #sync()}: for a record that something else also says (a shared server's
   * registry), where a file created per tenant on the caller's thread would only slow every create
   * down (a file creation right after an fsync waits for the journal).
   */
  synchronized void saveLazily(TenantId id, String line) {
    pending.put(id, line);
    flushSoon.request();
  }

  private synchronized void flush() {
    try {
      pending.forEach((id, line) -> unsynced.write(dir.resolve(id.value()), line));
      pending.clear();
    } catch (RuntimeException e) {
      LOG.warn("could not write tenant records in {} (written again at close): {}", dir, e.toString());
    }
  }

  /** Writes what is pending and makes every line saved lazily durable. */
  synchronized void sync() {
    pending.forEach((id, line) -> unsynced.write(dir.resolve(id.value()), line));
    pending.clear();
    unsynced.sync();
  }

  /** The tenant's line, or empty if it has none. */
  synchronized Optional<String> read(TenantId id) {
    if (pending.containsKey(id)) {
      return Optional.of(pending.get(id));
    }
    try {
      return Files.exists(dir.resolve(id.value())) ? Optional.of(read(dir.resolve(id.value())))
          : Optional.empty();
    } catch (IOException e) {
      throw new TenancyException("Cannot read the record of tenant '" + id + "' in " + dir + ": " + e, e);
    }
  }

  synchronized void delete(TenantId id) {
    pending.remove(id);
    try {
      Files.deleteIfExists(dir.resolve(id.value()));
    } catch (IOException e) {
      throw new TenancyException("Cannot remove the record of tenant '" + id + "' in " + dir + ": " + e, e);
    }
  }

  synchronized boolean contains(TenantId id) {
    return pending.containsKey(id) || Files.exists(dir.resolve(id.value()));
  }

  /** Tenant → line, for every record; a file that is not a tenant name is ignored. */
  synchronized Map<TenantId, String> all() {
    Map<TenantId, String> found = new TreeMap<>(pending);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("[a-z0-9-]{2,32}")) {
          found.putIfAbsent(TenantId.of(name), read(file));
        }
      }
    } catch (IOException e) {
      throw new TenancyException("Cannot list the tenant records in " + dir + ": " + e, e);
    }
    return found;
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file).trim();
    } catch (NoSuchFileException deletedMeanwhile) {
      return "";
    }
  }
}
