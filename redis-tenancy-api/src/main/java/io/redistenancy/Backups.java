package io.redistenancy;

import java.time.Duration;
import java.util.List;

/**
 * The fleet's backups, from {@link RedisTenancy#backups()}: an overview, and the scheduler's work on
 * demand. A tenant's own backups are {@link Tenant#backups()}.
 */
public interface Backups {
  /** How long {@link #pruneOrphans()} keeps a backup of a tenant that is gone, counted from the backup's time. */
  Duration ORPHAN_RETENTION = BackupRetention.DEFAULT.maxAge();

  /**
   * Every tenant's newest backup, its age and health, sorted by tenant name; tenants with none are
   * listed with {@link BackupStatus.Health#NONE}, and backups of tenants that are gone with one line
   * per earlier tenant, {@link BackupStatus.Health#ORPHANED}.
   */
  List<BackupStatus> overview();

  /**
   * The backups in the store that belong to no current tenant: of deleted tenants, or of an earlier
   * tenant whose name a new one has taken. Newest first. A store that cannot list its tenants (see
   * {@link io.redistenancy.spi.BackupStore#tenants()}) reports only those under names in use.
   */
  List<Backup> orphans();

  /** Deletes the orphans older than {@link #ORPHAN_RETENTION} by the tenancy's clock; {@link #runDue()} does too. */
  List<Backup> pruneOrphans();

  /** Deletes one backup of a tenant that is gone (or any backup); does nothing if it is gone already. */
  void delete(Backup backup);

  /**
   * Runs, one after another, every scheduled backup that is due now by the tenancy's clock (see
   * {@link BackupSchedule}), applies retention (and {@link #pruneOrphans()}), and emits {@link TenancyEvent.Type#BACKUP_DONE},
   * {@link TenancyEvent.Type#BACKUP_FAILED} and {@link TenancyEvent.Type#BACKUP_STALE}. The tenancy's
   * scheduler calls this once a minute; call it yourself to drive backups from your own scheduler or
   * a test clock.
   *
   * @return the backups made
   */
  List<Backup> runDue();
}
