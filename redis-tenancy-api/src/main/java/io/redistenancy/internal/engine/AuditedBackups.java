package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupStatus;
import io.redistenancy.Backups;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.internal.audit.Audited;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet's backups as the API hands them out: the mutating calls audited. The scheduler's own
 * once-a-minute {@code runDue()} goes to {@link ScheduledBackups} directly, so an idle minute writes no line.
 */
final class AuditedBackups implements Backups {
  private final ScheduledBackups backups;
  private final Audited audited;

  AuditedBackups(ScheduledBackups backups, Audited audited) {
    this.backups = backups;
    this.audited = audited;
  }

  @Override
  public List<BackupStatus> overview() {
    return backups.overview();
  }

  @Override
  public List<Backup> orphans() {
    return backups.orphans();
  }

  @Override
  public List<Backup> pruneOrphans() {
    return audited.call(AuditOperation.BACKUPS_PRUNE_ORPHANS, Optional.empty(), AuditParameters.none(),
        backups::pruneOrphans, pruned -> AuditParameters.none().count("pruned", pruned.size()));
  }

  @Override
  public void delete(Backup backup) {
    Objects.requireNonNull(backup, "backup");
    audited.call(AuditOperation.BACKUP_DELETE, Optional.empty(), AuditParameters.none().backup("backup", backup), () -> {
      backups.delete(backup);
      return null;
    });
  }

  @Override
  public List<Backup> runDue() {
    return audited.call(AuditOperation.BACKUPS_RUN_DUE, Optional.empty(), AuditParameters.none(), backups::runDue,
        made -> AuditParameters.none().count("backups", made.size()));
  }
}
