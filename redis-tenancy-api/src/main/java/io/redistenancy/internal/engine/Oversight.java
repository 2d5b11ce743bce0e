package io.redistenancy.internal.engine;

import io.redistenancy.internal.alerts.AlertCenter;
import io.redistenancy.internal.audit.AuditLog;
import io.redistenancy.internal.audit.Audited;
import java.nio.file.Path;

/** What watches the tenancy for its operators: the audit trail, its wrapper, and the alerts. */
record Oversight(AuditLog log, Audited audited, AlertCenter alerts) {
  static Oversight of(Path home, AuditLog log, TenancyEngine.Settings settings) {
    Audited audited = new Audited(log, settings.clock());
    AlertCenter alerts = new AlertCenter(home.resolve("alerts"), settings.operating().alertRules(),
        settings.operating().notifiers(), settings.clock(), audited);
    return new Oversight(log, audited, alerts);
  }
}
