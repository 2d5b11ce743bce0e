package io.redistenancy.spi;

/**
 * How the library reaches the data of tenants it has no files of — whole external servers, key
 * prefixes on shared servers — for backups and restores. A {@link TenantAdministration} that offers
 * it returns it from {@link TenantAdministration#remoteAccess()}; the library does the data work
 * itself over the network with the login given here:
 *
 * <ul>
 *   <li>a backup receives the server's snapshot over the replication protocol ({@code SYNC}); for a
 *       tenant with a key prefix, a local scratch {@code redis-server} keeps only the prefix's keys;
 *   <li>a restore first keeps a snapshot of the current data aside, then deletes the tenant's keys on
 *       the server and copies the backup's in from a scratch server ({@code MIGRATE … COPY REPLACE}).
 * </ul>
 *
 * The login's user therefore needs {@code +sync +psync}, key and {@code +migrate}/{@code +restore}
 * rights on every key the tenant can hold, and {@code INFO}; the tenant's user is switched off
 * ({@link Backend#stop}) while its keys are replaced.
 */
public interface RemoteAccess {
  /**
   * The server holding the tenant's data and an admin login to it.
   *
   * @throws io.redistenancy.BackupException if the tenant's data cannot be read that way (e.g. a cluster)
   */
  ServerLogin adminLogin(TenantId id);
}
