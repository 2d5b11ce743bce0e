package io.redistenancy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's line in the fleet overview ({@link Backups#overview()}).
 *
 * @param tenant the tenant, or for {@link Health#ORPHANED} the name of the tenant that is gone
 * @param health how its backups are doing
 * @param last its newest backup, if any
 * @param age how old that backup is, by the tenancy's clock
 * @param detail why it is failed or stale (the last error, the missed schedule), or empty
 */
public record BackupStatus(String tenant, Health health, Optional<Backup> last, Optional<Duration> age, String detail) {
  public BackupStatus {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(detail, "detail");
  }

  /** The state of a tenant's backups. */
  public enum Health {
    /** Its newest backup is recent enough for its schedule (or it has one and no schedule). */
    OK,
    /** It has no backup at all. */
    NONE,
    /** Its schedule missed: the newest backup is older than two periods of the schedule. */
    STALE,
    /** Its last scheduled backup failed; the detail says why. */
    FAILED,
    /**
     * Backups of a tenant that no longer exists (deleted, or an earlier tenant of a name now in use);
     * the detail says how many and how to import ({@link TenantBackups#importFrom}) or delete them
     * ({@link Backups#delete}); {@link Backups#pruneOrphans()} removes them after
     * {@link Backups#ORPHAN_RETENTION}.
     */
    ORPHANED
  }
}
