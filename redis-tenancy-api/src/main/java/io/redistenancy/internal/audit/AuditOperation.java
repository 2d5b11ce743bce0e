package io.redistenancy.internal.audit;

/**
 * Every operation the audit trail records, with its stable name in the trail. A new mutating
 * operation adds a constant here and wraps its body in {@link Audited}.
 */
public enum AuditOperation {
  TENANT_CREATE("tenant.create"),
  TENANT_DELETE("tenant.delete"),
  TENANT_START("tenant.start"),
  TENANT_STOP("tenant.stop"),
  TENANT_RESTART("tenant.restart"),
  TENANT_RESIZE("tenant.resize"),
  TENANT_KEYSPACE_EVENTS("tenant.keyspaceEvents"),
  TENANT_RESET("tenant.reset"),
  TENANT_RECONFIGURE("tenant.reconfigure"),
  PASSWORD_ROTATE("password.rotate"),
  PASSWORD_FINISH_ROTATION("password.finishRotation"),
  CERTIFICATE_RENEW("certificate.renew"),
  CERTIFICATES_RENEW_EXPIRING("certificates.renewExpiring"),
  CA_ROTATE("ca.rotate"),
  BACKUP_CREATE("backup.create"),
  BACKUP_RESTORE("backup.restore"),
  BACKUP_RESTORE_AS_NEW("backup.restoreAsNew"),
  BACKUP_IMPORT("backup.import"),
  BACKUP_DELETE("backup.delete"),
  BACKUP_PRUNE("backup.prune"),
  BACKUPS_RUN_DUE("backups.runDue"),
  BACKUPS_PRUNE_ORPHANS("backups.pruneOrphans"),
  RECONCILE("tenancy.reconcile"),
  ALERT_ACKNOWLEDGE("alert.acknowledge"),
  /** Written by the trail itself: a torn line (a crash while writing) was closed. */
  AUDIT_RECOVERED("audit.recovered"),
  /** Written by the trail itself: the trail ended before the line its head file names (lines removed). */
  AUDIT_TRUNCATED("audit.truncated");

  private final String code;

  AuditOperation(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
