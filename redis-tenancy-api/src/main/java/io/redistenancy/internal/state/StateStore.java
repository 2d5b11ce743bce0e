package io.redistenancy.internal.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Desired state as JSON files under the home: {@code tenancy.json} (owner id, backend),
 * {@code tenants/NAME.json} (one {@link TenantRecord} each) and {@code secrets/NAME.json}
 * ({@link Secrets}, in their own 0700 directory). Every write is atomic and 0600. The caller holds the
 * home lock, so one process writes at a time; per-tenant serialization is the caller's too.
 */
public final class StateStore {
  private static final String JSON = ".json";

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path tenants;
  private final Path secrets;
  private final Path homeFile;

  public StateStore(Path home) {
    this.tenants = PrivateFiles.directory(home.resolve("tenants"));
    this.secrets = PrivateFiles.directory(home.resolve("secrets"));
    this.homeFile = home.resolve("tenancy.json");
  }

  /** The home's owner id: a stable random id, created on first use, that marks every resource. */
  public String ownerId() {
    return read(homeFile, HomeRecord.class).map(HomeRecord::ownerId).orElseGet(() -> {
      String id = Secrets.newPassword().substring(0, 12);
      write(homeFile, new HomeRecord(1, id, null, Instant.now().toString()));
      return id;
    });
  }

  /**
   * Binds the home to a backend on first use; afterwards refuses another one, since the tenants'
   * instances live on the first.
   */
  public void claimBackend(String backendName) {
    HomeRecord home = read(homeFile, HomeRecord.class).orElseThrow();
    if (home.backend() == null) {
      write(homeFile, new HomeRecord(home.format(), home.ownerId(), backendName, home.createdAt()));
    } else if (!home.backend().equals(backendName)) {
      throw new TenancyException("Home " + homeFile.getParent() + " belongs to backend '" + home.backend()
          + "', not '" + backendName + "': its tenants live there. Use that backend, or another home.");
    }
  }

  public List<TenantRecord> loadAll() {
    List<TenantRecord> all = new ArrayList<>();
    for (Path file : jsonFiles(tenants)) {
      read(file, TenantRecord.class).ifPresent(all::add);
    }
    return all;
  }

  public void save(TenantRecord record) {
    write(tenants.resolve(record.name() + JSON), record);
  }

  /** The tenants that have a secrets file (names that are not valid tenant ids are skipped). */
  public List<TenantId> secretIds() {
    List<TenantId> ids = new ArrayList<>();
    for (Path file : jsonFiles(secrets)) {
      String name = file.getFileName().toString();
      try {
        ids.add(TenantId.of(name.substring(0, name.length() - JSON.length())));
      } catch (RuntimeException e) {
        // not a file this library wrote
      }
    }
    return ids;
  }

  private static List<Path> jsonFiles(Path dir) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + JSON)) {
      files.forEach(found::add);
    } catch (IOException e) {
      throw new TenancyException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
    return found;
  }

  public Optional<Secrets> secrets(TenantId id) {
    return read(secrets.resolve(id.value() + JSON), Secrets.class);
  }

  public void saveSecrets(TenantId id, Secrets value) {
    write(secrets.resolve(id.value() + JSON), value);
  }

  /** Writes the tenant's secrets now (atomically, 0600), durable at {@code pending}'s next sync. */
  public void saveSecrets(TenantId id, Secrets value, DeferredSync pending) {
    Path file = secrets.resolve(id.value() + JSON);
    write(file, value, bytes -> pending.write(file, new String(bytes, StandardCharsets.UTF_8)));
  }

  /** Removes the tenant's record and secrets; the record last, so a crash in between is still seen. */
  public void delete(TenantId id) {
    try {
      Files.deleteIfExists(secrets.resolve(id.value() + JSON));
      Files.deleteIfExists(tenants.resolve(id.value() + JSON));
    } catch (IOException e) {
      throw new TenancyException("Cannot delete the state of tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  private void write(Path file, Object value) {
    write(file, value, bytes -> PrivateFiles.write(file, bytes));
  }

  /** Serializes {@code value} and hands it to {@code writer}; a failure names the file. */
  private void write(Path file, Object value, Consumer<byte[]> writer) {
    try {
      writer.accept(mapper.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new TenancyException("Cannot write " + file + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new TenancyException("Cannot write " + file + ": " + e.getCause().getMessage(), e);
    }
  }

  private <T> Optional<T> read(Path file, Class<T> type) {
    try {
      return Optional.of(mapper.readValue(Files.readAllBytes(file), type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TenancyException("State file " + file + " is unreadable (" + e.getMessage().lines().findFirst().orElse("")
          + "); restore it from a backup or remove it, then reconcile", e);
    }
  }

  /** {@code tenancy.json}. */
  record HomeRecord(int format, String ownerId, String backend, String createdAt) {}
}
