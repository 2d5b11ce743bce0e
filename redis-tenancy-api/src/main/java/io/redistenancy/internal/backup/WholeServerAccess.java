package io.redistenancy.internal.backup;

import io.redistenancy.spi.TenantId;

/**
 * Implemented by a backend whose tenants are whole servers the library reaches only over the network
 * (registered external servers): backups read them with the server's admin login, and restores go
 * through {@link RemoteServerData}, since there are no files to put in place.
 */
public interface WholeServerAccess {
  /** The tenant's server and the admin login of its registration. */
  ServerLogin adminLogin(TenantId id);

  RemoteServerData data();
}
