package io.redistenancy.internal.backup;

import io.redistenancy.spi.TenantId;

/**
 * Implemented by a backend whose tenants' data the library reaches only over the network: whole
 * registered servers, and key prefixes on shared servers. Backups read the server with its admin
 * login, and restores go through {@link RemoteServerData}, since there are no files to put in place.
 */
public interface RemoteAccess {
  /**
   * The server holding the tenant's data and an admin login to it.
   *
   * @throws io.redistenancy.BackupException if the tenant's data cannot be read that way (e.g. a cluster)
   */
  ServerLogin adminLogin(TenantId id);

  RemoteServerData data();
}
