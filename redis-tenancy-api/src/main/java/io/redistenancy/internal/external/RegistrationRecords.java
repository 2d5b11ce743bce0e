package io.redistenancy.internal.external;

import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which tenants this home has registered, each with its spec hash: one private file per tenant in the
 * backend's work directory. A registered server carries no mark of its own (its keyspace is the
 * tenant's), so this is what tells this tenancy's registrations from anyone else's.
 */
final class RegistrationRecords {
  private final Path dir;

  RegistrationRecords(Path workDirectory) {
    this.dir = PrivateFiles.directory(workDirectory.resolve("registered"));
  }

  void save(TenantId id, String specHash) {
    PrivateFiles.write(dir.resolve(id.value()), specHash);
  }

  void delete(TenantId id) {
    try {
      Files.deleteIfExists(dir.resolve(id.value()));
    } catch (IOException e) {
      throw new TenancyException("Cannot remove the registration of tenant '" + id + "' in " + dir + ": " + e, e);
    }
  }

  boolean contains(TenantId id) {
    return Files.exists(dir.resolve(id.value()));
  }

  /** Tenant → spec hash, for every registration; a file that is not a tenant name is ignored. */
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
      throw new TenancyException("Cannot list the registrations in " + dir + ": " + e, e);
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
