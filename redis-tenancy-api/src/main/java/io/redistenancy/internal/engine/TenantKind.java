package io.redistenancy.internal.engine;

import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.TenantAdministration;

/**
 * The one kind of tenant a backend has: its administration and how backups reach its data. Chosen
 * once, when the tenancy opens: the backend's own administration, or the library's
 * {@link DedicatedAdministration} when it gives none.
 */
record TenantKind(TenantAdministration administration, TenantData data) {
  static TenantKind of(Backend backend, TenantOperations ops, RemoteServerData remoteData) {
    return backend.administration()
        .map(own -> new TenantKind(own, own.remoteAccess().<TenantData>map(r -> new NetworkData(r, remoteData))
            .orElseGet(() -> new NoData(backend.name()))))
        .orElseGet(() -> new TenantKind(new DedicatedAdministration(ops), new InstanceFiles(ops)));
  }
}
