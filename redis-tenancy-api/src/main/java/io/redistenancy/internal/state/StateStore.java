package io.redistenancy.internal.state;

import io.redistenancy.internal.Checked;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.Checked;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Desired state as JSON files under the home: {@code tenancy.json} (owner id, backend),
 * {@code tenants/NAME.json} (one {@link TenantRecord} each) and {@code secrets/NAME.json}
 * ({@link Secrets}, in their own 0700 directory). Every write is atomic and 0600. The caller holds the
 * home lock, so one process writes at a time; per-tenant serialization is the caller's too.
 *
 * <p>A create's two writes (its secrets, then its record) go through the home's journal instead
 * ({@link JournaledWrites}): one appended line and one {@code fdatasync} each, with no file created on
 * the create's path (on some disks creating a file right after an fsync costs as much as the fsyncs).
 * Every other write and every read brings the files up to date first.
 */
public final class StateStore implements AutoCloseable {
  private static final String JSON = ".json";
  private static final int PARALLEL_READS = 8;
  /** Below this many records, threads cost more than they save. */
  private static final int PARALLEL_FROM = 64;

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path tenants;
  private final Path secrets;
  private final Path homeFile;
  private final JournaledWrites journaled;

  public StateStore(Path home) {
    this.tenants = PrivateFiles.directory(home.resolve("tenants"));
    this.secrets = PrivateFiles.directory(home.resolve("secrets"));
    this.homeFile = home.resolve("tenancy.json");
    this.journaled = new JournaledWrites(home);
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

  /**
   * Every tenant record. A home with many tenants is read {@value #PARALLEL_READS} files at a time: on
   * open this is the whole state, and each read mostly waits for the disk. Reads only: the journal was
   * replayed and flushed first, so what they see is durable.
   */
  public synchronized List<TenantRecord> loadAll() {
    journaled.flush();
    List<Path> files = jsonFiles(tenants);
    if (files.size() < PARALLEL_FROM) {
      List<TenantRecord> all = new ArrayList<>();
      files.forEach(file -> read(file, TenantRecord.class).ifPresent(all::add));
      return all;
    }
    ExecutorService readers = Executors.newFixedThreadPool(PARALLEL_READS, DaemonThreads.named("state-read"));
    try {
      List<Future<Optional<TenantRecord>>> reads = new ArrayList<>(files.size());
      files.forEach(file -> reads.add(readers.submit(() -> read(file, TenantRecord.class))));
      List<TenantRecord> all = new ArrayList<>(files.size());
      for (Future<Optional<TenantRecord>> read : reads) {
        awaited(read).ifPresent(all::add);
      }
      return all;
    } finally {
      readers.shutdownNow();
    }
  }

  /** A read's outcome; its failure (a {@link TenancyException} naming the file) thrown as it is. */
  private static <T> T awaited(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new TenancyException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      throw Checked.interrupted("reading the tenant records", e);
    }
  }

  public synchronized void save(TenantRecord record) {
    journaled.flush();
    write(tenants.resolve(record.name() + JSON), record);
  }

  /**
   * The first record of a tenant whose secrets {@link #saveNewSecrets} journaled: durable on return,
   * through the journal.
   */
  public synchronized void saveNewRecord(TenantRecord record) {
    journal("tenants/" + record.name() + JSON, record);
  }

  /** The tenants that have a secrets file (names that are not valid tenant ids are skipped). */
  public synchronized List<TenantId> secretIds() {
    journaled.flush();
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

  public synchronized Optional<Secrets> secrets(TenantId id) {
    journaled.flush();
    return read(secrets.resolve(id.value() + JSON), Secrets.class);
  }

  public synchronized void saveSecrets(TenantId id, Secrets value) {
    journaled.flush();
    write(secrets.resolve(id.value() + JSON), value);
  }

  /** A new tenant's secrets, the intent of its create: durable on return, through the journal. */
  public synchronized void saveNewSecrets(TenantId id, Secrets value) {
    journal("secrets/" + id.value() + JSON, value);
  }

  private void journal(String file, Object value) {
    journaled.write(file, serialize(homeFile.resolveSibling(file), value));
  }

  /** Brings the files up to date and closes the journal; the store is unusable afterwards. */
  @Override
  public synchronized void close() {
    journaled.close();
  }

  /** Removes the tenant's record and secrets; the record last, so a crash in between is still seen. */
  public synchronized void delete(TenantId id) {
    journaled.flush();
    try {
      Files.deleteIfExists(secrets.resolve(id.value() + JSON));
      Files.deleteIfExists(tenants.resolve(id.value() + JSON));
    } catch (IOException e) {
      throw new TenancyException("Cannot delete the state of tenant '" + id + "': " + e.getMessage(), e);
    }
  }

  private void write(Path file, Object value) {
    byte[] json = serialize(file, value);
    try {
      PrivateFiles.write(file, json);
    } catch (Checked.IoFailure e) {
      throw new TenancyException("Cannot write " + file + ": " + e.getCause().getMessage(), e);
    }
  }

  private byte[] serialize(Path file, Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new TenancyException("Cannot write " + file + ": " + e.getMessage(), e);
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
