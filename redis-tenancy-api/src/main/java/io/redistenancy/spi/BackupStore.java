package io.redistenancy.spi;

import io.redistenancy.Backup;
import io.redistenancy.internal.backup.FileBackupStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are kept. The engine streams a snapshot into a staging file the store hands out,
 * verifies it, and only then publishes it: a store lists a backup only after {@link #publish} returned,
 * so a half-written backup is never listed, even after a crash. Implementations must be thread-safe;
 * calls for one tenant are serialized by the engine.
 *
 * <p>The default, {@link #directory(Path)}, keeps {@code ROOT/NAME/ID.rdb} and {@code ROOT/NAME/ID.json}
 * (0600, in 0700 directories). Another store (object storage, a NAS) can keep the files anywhere, as
 * long as {@link #content(Backup)} gives back a local file to read.
 */
public interface BackupStore {
  /** The default store: a directory, e.g. {@code home/backups}; created 0700 when first used. */
  static BackupStore directory(Path root) {
    return new FileBackupStore(root);
  }

  /**
   * A new, empty, private (0600) local file to write one backup of {@code tenant} into; it is not a
   * backup until {@link #publish}ed.
   */
  Path stage(String tenant, String id);

  /**
   * Makes the staged file the content of {@code backup}, durably (fsync) and atomically: afterwards
   * {@link #list} includes it, before it does not.
   */
  void publish(Backup backup, Path staged);

  /**
   * Removes what a crash can leave behind: staged files never published or discarded, and any other
   * partial file of the store's own. Called once when the tenancy opens, before any backup runs.
   */
  default void removeLeftovers() {}

  /** Throws away a staged file that will not be published; does nothing if it is gone. */
  void discard(Path staged);

  /**
   * The tenant names the store holds backups for, current tenants or not; a store that cannot tell
   * returns none (then backups of deleted tenants are not listed as orphans).
   */
  default List<String> tenants() {
    return List.of();
  }

  /** The tenant's backups (of every tenant that has had this name), newest first; empty if it has none. */
  List<Backup> list(String tenant);

  default Optional<Backup> find(String tenant, String id) {
    return list(tenant).stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /** A local file with the backup's RDB, to verify and restore from. */
  Path content(Backup backup);

  /** Deletes the backup (its metadata first, so it is never listed without content). */
  void delete(Backup backup);
}
