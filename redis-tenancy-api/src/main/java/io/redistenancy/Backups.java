package io.redistenancy;

import java.util.List;

/**
 * The fleet's backups, from {@link RedisTenancy#backups()}: an overview, and the scheduler's work on
 * demand. A tenant's own backups are {@link Tenant#backups()}.
 */
public interface Backups {
  /**
   * Every tenant's newest backup, its age and health, sorted by tenant name; tenants with none are
   * listed with {@link BackupStatus.Health#NONE}.
   */
  List<BackupStatus> overview();

  /**
   * Runs, one after another, every scheduled backup that is due now by the tenancy's clock (see
   * {@link BackupSchedule}), applies retention, and emits {@link TenancyEvent.Type#BACKUP_DONE},
   * {@link TenancyEvent.Type#BACKUP_FAILED} and {@link TenancyEvent.Type#BACKUP_STALE}. The tenancy's
   * scheduler calls this once a minute; call it yourself to drive backups from your own scheduler or
   * a test clock.
   *
   * @return the backups made
   */
  List<Backup> runDue();
}
