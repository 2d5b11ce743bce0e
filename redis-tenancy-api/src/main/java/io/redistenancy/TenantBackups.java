package io.redistenancy;

import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One tenant's backups, from {@link Tenant#backups()}. Backups are kept in the tenancy's
 * {@link io.redistenancy.spi.BackupStore} (default: {@code home/backups/NAME/}, one {@code .rdb} and
 * one {@code .json} per backup, 0600) and outlive the tenant: delete them with {@link #delete(Backup)}.
 * Operations on one tenant are serialized with its other operations.
 */
public interface TenantBackups {
  /** Same as {@code create(bytes -> {})}. */
  default Backup create() {
    return create(bytes -> {});
  }

  /**
   * Takes a consistent snapshot of the running instance, streams it to the store, verifies it (see
   * {@link #verify(Backup)}) and only then lists it; then applies the plan's retention. Nothing of a
   * failed backup is left behind.
   *
   * @param progress receives the number of bytes received so far, now and then; must not block
   * @throws BackupException if the instance is not running, the transfer fails or the snapshot is invalid
   */
  Backup create(LongConsumer progress);

  /** The tenant's backups, newest first. */
  List<Backup> list();

  /** The backup with that id, if the store has it. */
  Optional<Backup> find(String id);

  /**
   * Reads the stored file and checks it: the size and SHA-256 recorded when it was made, the RDB header
   * ({@code REDIS} and a four-digit version this library knows), the end-of-file marker, the trailing
   * CRC-64 (Redis's Jones variant; a stored checksum of 0 means Redis wrote it with checksums off, and
   * only the SHA-256 vouches for it then), and {@code redis-check-rdb} when it is on the PATH.
   */
  BackupVerification verify(Backup backup);

  /**
   * Replaces the tenant's data with the backup's: verifies it first (an invalid backup is refused
   * before anything is touched), keeps the current data aside, stops the instance, installs the
   * snapshot, starts it so that it loads the snapshot whatever the persistence mode (an AOF tenant's
   * append-only file is rebuilt from it), and checks the key count. On any failure the data kept aside
   * is put back and the tenant restarted; after a crash, {@link RedisTenancy#reconcile()} does that.
   * Clients are disconnected.
   *
   * @throws BackupException if the backup is invalid, the backend cannot restore
   *     ("restore is not supported on backend X"), or the restore failed and was rolled back
   */
  void restore(Backup backup);

  /**
   * Creates tenant {@code newTenant} with this tenant's plan and restores the backup into it. If the
   * restore fails, the new tenant is deleted again.
   *
   * @return the new tenant
   * @throws TenantAlreadyExistsException if {@code newTenant} exists
   */
  Tenant restore(Backup backup, String newTenant);

  /**
   * Makes a backup of an earlier tenant of this name (one of {@link Backups#orphans()}) this tenant's
   * own: copied into the store as a backup of this tenant, with a new id and the original's time, and the
   * original deleted. Only then can this tenant list and restore it.
   *
   * @return the imported backup
   * @throws BackupException if the backup is not an orphan of this tenant's name (another tenant's, or
   *     this tenant's own already)
   */
  Backup importFrom(Backup orphan);

  /** Deletes a backup from the store; does nothing if it is gone already. */
  void delete(Backup backup);

  /**
   * Applies the plan's {@link BackupRetention} now.
   *
   * @return the backups deleted, newest first
   */
  List<Backup> prune();
}
