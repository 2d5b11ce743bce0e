package io.redistenancy.internal.external;

import io.redistenancy.TenancyException;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This home's own record of its tenants on external servers, one private file per tenant with one
 * line of text, in a folder of the backend's work directory. It is what says a tenant is this
 * tenancy's when the server cannot: a registered server has no mark of its own (its keyspace is the
 * tenant's), and a shared server that restarts without persistence loses its registry hash while its
 * aclfile keeps the users.
 */
final class TenantFiles {
  private final Path dir;
  private final DeferredSync unsynced = new DeferredSync();

  TenantFiles(Path workDirectory, String folder) {
    this.dir = PrivateFiles.directory(workDirectory.resolve(folder));
  }

  /** Writes the tenant's line durably (fsynced) before returning. */
  void save(TenantId id, String line) {
    PrivateFiles.write(dir.resolve(id.value()), line);
  }

  /**
   * Writes the tenant's line now (atomically) and makes it durable at the next {@link #sync()}: for
   * a record that something else also says (a shared server's registry), where an fsync per tenant
   * would only slow every create down.
   */
  synchronized void saveLazily(TenantId id, String line) {
    unsynced.write(dir.resolve(id.value()), line);
  }

  /** Makes every line written lazily durable. */
  synchronized void sync() {
    unsynced.sync();
  }

  /** The tenant's line, or empty if it has none. */
  Optional<String> read(TenantId id) {
    try {
      return Files.exists(dir.resolve(id.value())) ? Optional.of(read(dir.resolve(id.value())))
          : Optional.empty();
    } catch (IOException e) {
      throw new TenancyException("Cannot read the record of tenant '" + id + "' in " + dir + ": " + e, e);
    }
  }

  void delete(TenantId id) {
    try {
      Files.deleteIfExists(dir.resolve(id.value()));
    } catch (IOException e) {
      throw new TenancyException("Cannot remove the record of tenant '" + id + "' in " + dir + ": " + e, e);
    }
  }

  boolean contains(TenantId id) {
    return Files.exists(dir.resolve(id.value()));
  }

  /** Tenant → line, for every record; a file that is not a tenant name is ignored. */
  Map<TenantId, String> all() {
    Map<TenantId, String> found = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("[a-z0-9-]{2,32}")) {
          found.put(TenantId.of(name), read(file));
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
