package io.redistenancy;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a tenant's backups are kept: at most {@code maxCount}, none older than {@code maxAge}. The
 * newest backup is always kept, however old, so a tenant whose backups stopped still has one. Applied
 * after every successful backup and by {@link TenantBackups#prune()}.
 *
 * @param maxCount 1 to 10000
 * @param maxAge at least a minute
 */
public record BackupRetention(int maxCount, Duration maxAge) {
  /** 50 backups, 30 days. */
  public static final BackupRetention DEFAULT = new BackupRetention(50, Duration.ofDays(30));

  public BackupRetention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxCount < 1 || maxCount > 10_000) {
      throw new InvalidRequestException("backup retention maxCount " + maxCount + " is out of range; allowed 1 to 10000");
    }
    if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new InvalidRequestException("backup retention maxAge " + maxAge + " is below the minimum of a minute");
    }
  }
}
