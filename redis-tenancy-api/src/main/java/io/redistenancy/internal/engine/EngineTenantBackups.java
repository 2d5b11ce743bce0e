package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupVerification;
import io.redistenancy.Tenant;
import io.redistenancy.TenantBackups;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.spi.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;

/** One tenant's backups: a handle on the engine's {@link BackupService}. */
final class EngineTenantBackups implements TenantBackups {
  private final TenancyEngine engine;
  private final TenantId id;

  EngineTenantBackups(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
  }

  private BackupService service() {
    engine.operations().require(id);
    return engine.backupService();
  }

  @Override
  public Backup create(LongConsumer progress) {
    Objects.requireNonNull(progress, "progress");
    return engine.audited().call(AuditOperation.BACKUP_CREATE, id, AuditParameters.none(),
        () -> service().create(id, progress));
  }

  @Override
  public List<Backup> list() {
    return service().list(id);
  }

  @Override
  public Optional<Backup> find(String backupId) {
    Objects.requireNonNull(backupId, "backupId");
    return service().find(id, backupId);
  }

  @Override
  public BackupVerification verify(Backup backup) {
    Objects.requireNonNull(backup, "backup");
    return service().verify(backup);
  }

  @Override
  public void restore(Backup backup) {
    Objects.requireNonNull(backup, "backup");
    engine.audited().run(AuditOperation.BACKUP_RESTORE, id, AuditParameters.none().backup("backup", backup),
        () -> service().restore(id, backup));
  }

  @Override
  public Tenant restore(Backup backup, String newTenant) {
    Objects.requireNonNull(backup, "backup");
    TenantId target = TenantId.of(newTenant);
    engine.audited().run(AuditOperation.BACKUP_RESTORE_AS_NEW, id,
        AuditParameters.none().backup("backup", backup).tenant("newTenant", target),
        () -> service().restoreAsNew(id, backup, target));
    return new EngineTenant(engine, target);
  }

  @Override
  public Backup importFrom(Backup orphan) {
    Objects.requireNonNull(orphan, "orphan");
    return engine.audited().call(AuditOperation.BACKUP_IMPORT, id, AuditParameters.none().backup("orphan", orphan),
        () -> service().importFrom(id, orphan));
  }

  @Override
  public void delete(Backup backup) {
    Objects.requireNonNull(backup, "backup");
    engine.audited().run(AuditOperation.BACKUP_DELETE, id, AuditParameters.none().backup("backup", backup),
        () -> service().delete(backup));
  }

  @Override
  public List<Backup> prune() {
    return engine.audited().call(AuditOperation.BACKUP_PRUNE, Optional.of(id), AuditParameters.none(), () -> service().prune(id),
        pruned -> AuditParameters.none().count("pruned", pruned.size()));
  }

  @Override
  public String toString() {
    return "TenantBackups{" + id + "}";
  }
}
