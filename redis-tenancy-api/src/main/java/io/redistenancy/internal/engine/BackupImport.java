package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupVerification;
import io.redistenancy.internal.backup.RdbVerifier;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.BackupStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Makes a backup of an earlier tenant of a name the current tenant's own, under the tenant's lock:
 * checks it is an orphan of this name, verifies it, copies it into the store as a backup of this
 * creation (new id, same time and content), and only then deletes the original. A crash in between
 * leaves both; the original is still an orphan.
 */
final class BackupImport {
  private final BackupService service;
  private final RdbVerifier verifier;

  BackupImport(BackupService service, RdbVerifier verifier) {
    this.service = service;
    this.verifier = verifier;
  }

  Backup importFrom(TenantRecord tenant, Backup orphan) {
    requireOrphanOf(tenant, orphan);
    BackupStore store = service.store();
    Path original = store.content(orphan);
    BackupVerification check = verifier.verify(orphan, original);
    if (!check.valid()) {
      throw new BackupException("Backup " + orphan.id() + " of an earlier tenant '" + orphan.tenant()
          + "' is invalid (" + check.reason() + "); nothing was imported.");
    }
    String id = BackupCreation.newId(orphan.time());
    while (id.equals(orphan.id())) {
      id = BackupCreation.newId(orphan.time());
    }
    Backup imported = new Backup(id, tenant.name(), orphan.time(), orphan.size(), orphan.sha256(),
        orphan.rdbVersion(), orphan.redisVersion(), orphan.keys(), orphan.volatileKeys(), orphan.persistence(),
        tenant.creationId());
    Path staged = store.stage(tenant.name(), id);
    try {
      Files.copy(original, staged, StandardCopyOption.REPLACE_EXISTING);
      store.publish(imported, staged);
    } catch (IOException | RuntimeException e) {
      store.discard(staged);
      throw new BackupException("Cannot import backup " + orphan.id() + " into tenant '" + tenant.name() + "': "
          + e.getMessage() + "; nothing was imported.", e);
    }
    store.delete(orphan);
    return imported;
  }

  private void requireOrphanOf(TenantRecord tenant, Backup orphan) {
    if (!orphan.tenant().equals(tenant.name())) {
      throw new BackupException("Backup " + orphan.id() + " is of tenant '" + orphan.tenant() + "'; tenant '"
          + tenant.name() + "' imports only backups of an earlier tenant of its own name. To copy another"
          + " tenant's data, restore its backup into a new tenant: restore(backup, \"new-name\").");
    }
    if (BackupService.belongs(tenant, orphan)) {
      throw new BackupException("Backup " + orphan.id() + " is tenant '" + tenant.name() + "''s own already;"
          + " nothing to import.");
    }
    if (service.store().find(orphan.tenant(), orphan.id()).isEmpty()) {
      throw new BackupException("Backup " + orphan.id() + " of tenant '" + orphan.tenant()
          + "' is not in the store (deleted or pruned?); see backups().orphans().");
    }
  }
}
