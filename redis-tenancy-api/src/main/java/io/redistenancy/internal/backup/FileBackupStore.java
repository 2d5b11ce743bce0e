package io.redistenancy.internal.backup;

import io.redistenancy.internal.Checked;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.Persistence;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.BackupStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link BackupStore}: {@code ROOT/NAME/ID.rdb} plus {@code ROOT/NAME/ID.json} (the
 * {@link Backup} as metadata), 0600 in 0700 directories. A backup is staged as {@code .ID.rdb.partial},
 * published by fsync and rename, then its metadata written atomically; only backups with metadata are
 * listed, so a crash at any point leaves at most unlisted partial files: the staged file, the whole
 * server's snapshot a shared tenant's backup stages next to it ({@code .ID.rdb.partial.server}), a
 * metadata temp file ({@code .ID.json.HEX.tmp}). They are removed when the tenancy opens
 * ({@link #removeLeftovers()}) and at the tenant's next backup.
 */
public final class FileBackupStore implements BackupStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackupStore.class);
  private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}|[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4,16}");
  private static final String PARTIAL = ".rdb.partial";
  /** What a crash can leave: a staged RDB, its whole-server companion, a metadata temp file (PrivateFiles). */
  private static final Pattern LEFTOVER = Pattern.compile("\\..+(\\.rdb\\.partial(\\.server)?|\\.json\\.[0-9a-f]+\\.tmp)");

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path root;

  public FileBackupStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The store's directory. */
  public Path root() {
    return root;
  }

  private Path dir(String tenant) {
    return root.resolve(safe("tenant", tenant));
  }

  private static String safe(String what, String value) {
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value.replaceAll("\\p{Cntrl}", "?") + "' is not a safe file name");
    }
    return value;
  }

  @Override
  public Path stage(String tenant, String id) {
    Path dir = PrivateFiles.directory(dir(tenant));
    removePartials(dir);
    Path staged = dir.resolve("." + safe("backup id", id) + PARTIAL);
    try {
      Files.createFile(staged, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      return staged;
    } catch (IOException e) {
      throw new BackupException("Cannot create " + staged + " for a backup of tenant '" + tenant + "': " + e, e);
    }
  }

  @Override
  public void removeLeftovers() {
    tenants().forEach(tenant -> removePartials(dir(tenant)));
  }

  /** Left by a crash mid-backup; the engine runs one backup per tenant at a time, so none is in use. */
  private static void removePartials(Path dir) {
    try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir,
        p -> LEFTOVER.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
      for (Path p : partials) {
        LOG.info("Removing {}, left by an interrupted backup", p);
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("Cannot clean up partial backups in {}: {}", dir, e.getMessage());
    }
  }

  @Override
  public void publish(Backup backup, Path staged) {
    Path dir = dir(backup.tenant());
    Path rdb = dir.resolve(safe("backup id", backup.id()) + ".rdb");
    try {
      try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(staged, rdb, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staged, rdb);
      }
      PrivateFiles.write(dir.resolve(backup.id() + ".json"), mapper.writeValueAsBytes(BackupRecord.of(backup)));
    } catch (IOException | Checked.IoFailure e) {
      throw new BackupException("Cannot publish backup " + backup.id() + " of tenant '" + backup.tenant() + "' in "
          + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void discard(Path staged) {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", staged, e.getMessage());
    }
  }

  @Override
  public List<String> tenants() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (SAFE.matcher(name).matches()) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new BackupException("Cannot list the tenants in " + root + ": " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public List<Backup> list(String tenant) {
    Path dir = dir(tenant);
    List<Backup> all = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        String id = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!Files.isRegularFile(dir.resolve(id + ".rdb"))) {
          continue;
        }
        try {
          all.add(mapper.readValue(Files.readAllBytes(file), BackupRecord.class).toBackup());
        } catch (IOException | RuntimeException e) {
          LOG.warn("Ignoring unreadable backup metadata {}: {}", file, e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new BackupException("Cannot list the backups in " + dir + ": " + e.getMessage(), e);
    }
    all.sort(Comparator.comparing(Backup::time).thenComparing(Backup::id).reversed());
    return all;
  }

  @Override
  public Path content(Backup backup) {
    return dir(backup.tenant()).resolve(safe("backup id", backup.id()) + ".rdb");
  }

  @Override
  public void delete(Backup backup) {
    Path dir = dir(backup.tenant());
    try {
      Files.deleteIfExists(dir.resolve(safe("backup id", backup.id()) + ".json"));
      Files.deleteIfExists(dir.resolve(backup.id() + ".rdb"));
    } catch (IOException e) {
      throw new BackupException("Cannot delete backup " + backup.id() + " of tenant '" + backup.tenant() + "': "
          + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "BackupStore.directory(" + root + ")";
  }

  /** A {@link Backup} as stored in its {@code .json} file. */
  record BackupRecord(int format, String id, String tenant, String time, long size, String sha256, int rdbVersion,
      String redisVersion, long keys, long volatileKeys, String persistence, String creation) {
    static BackupRecord of(Backup b) {
      return new BackupRecord(2, b.id(), b.tenant(), b.time().toString(), b.size(), b.sha256(), b.rdbVersion(),
          b.redisVersion(), b.keys(), b.volatileKeys(), b.persistence().name(), b.creation());
    }

    /** Format 1 had no creation id: {@code creation} is then null, and the backup's is empty. */
    Backup toBackup() {
      return new Backup(id, tenant, Instant.parse(time), size, sha256, rdbVersion, redisVersion, keys, volatileKeys,
          Persistence.valueOf(persistence), creation);
    }
  }
}
