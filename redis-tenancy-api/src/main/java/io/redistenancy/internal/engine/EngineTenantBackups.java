package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupVerification;
import io.redistenancy.Tenant;
import io.redistenancy.TenantBackups;
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
    return service().create(id, progress);
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
    service().restore(id, backup);
  }

  @Override
  public Tenant restore(Backup backup, String newTenant) {
    Objects.requireNonNull(backup, "backup");
    TenantId target = TenantId.of(newTenant);
    service().restoreAsNew(id, backup, target);
    return new EngineTenant(engine, target);
  }

  @Override
  public Backup importFrom(Backup orphan) {
    Objects.requireNonNull(orphan, "orphan");
    return service().importFrom(id, orphan);
  }

  @Override
  public void delete(Backup backup) {
    Objects.requireNonNull(backup, "backup");
    service().delete(backup);
  }

  @Override
  public List<Backup> prune() {
    return service().prune(id);
  }

  @Override
  public String toString() {
    return "TenantBackups{" + id + "}";
  }
}
