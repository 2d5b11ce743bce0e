package io.redistenancy;

import java.time.Instant;
import java.util.Objects;

/**
 * One verified snapshot of a tenant's data, as kept in a {@link io.redistenancy.spi.BackupStore}.
 * Immutable; obtained from {@link TenantBackups#create()} or {@link TenantBackups#list()}.
 *
 * @param id unique per tenant and sortable by time, e.g. {@code 20261124T193000Z-3fa2}
 * @param tenant the tenant it was taken from
 * @param time when the snapshot was taken, by the tenancy's clock
 * @param size the RDB file's size in bytes
 * @param sha256 the RDB file's SHA-256, lower-case hex
 * @param rdbVersion the RDB format version from the file's header (10 for Redis 7.0)
 * @param redisVersion the version of the Redis that wrote it
 * @param keys the number of keys in the snapshot, over all databases
 * @param volatileKeys how many of those keys had a time to live (they may expire before a restore)
 * @param persistence the tenant's persistence mode when the snapshot was taken
 * @param creation the creation id of the tenant it was taken from: a backup belongs to that tenant, not
 *     to its name, so a later tenant of the same name neither lists nor restores it unless it
 *     {@linkplain TenantBackups#importFrom imports} it. Empty for a backup made before creation ids
 *     existed; such a backup belongs to the tenant of its name that existed when it was taken (created
 *     at or before its time).
 */
public record Backup(String id, String tenant, Instant time, long size, String sha256, int rdbVersion,
    String redisVersion, long keys, long volatileKeys, Persistence persistence, String creation) {
  /** A backup without a creation id, as made before creation ids existed. */
  public Backup(String id, String tenant, Instant time, long size, String sha256, int rdbVersion,
      String redisVersion, long keys, long volatileKeys, Persistence persistence) {
    this(id, tenant, time, size, sha256, rdbVersion, redisVersion, keys, volatileKeys, persistence, "");
  }

  public Backup {
    creation = creation == null ? "" : creation;
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(redisVersion, "redisVersion");
    Objects.requireNonNull(persistence, "persistence");
    if (size < 0 || keys < 0 || volatileKeys < 0 || volatileKeys > keys) {
      throw new IllegalArgumentException("backup " + id + ": size " + size + ", keys " + keys
          + ", volatileKeys " + volatileKeys + " are inconsistent");
    }
  }
}
