package io.redistenancy.internal.alerts;

import io.redistenancy.Alert;
import io.redistenancy.AlertRules;
import io.redistenancy.AlertSeverity;
import io.redistenancy.EventPayload;
import io.redistenancy.TenancyEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The default rules ({@link AlertRules}): what an event raises or resolves, with a message that says what to do. */
final class AlertRuleBook {
  /** What an event does to the alerts of its tenant. */
  sealed interface Effect {}

  record Raise(String code, AlertSeverity severity, String message) implements Effect {}

  record Resolve(String code) implements Effect {}

  record ResolveAll() implements Effect {}

  private final AlertRules rules;
  /** Crashes in a row per tenant, for backends whose crash events do not count them. */
  private final Map<String, Integer> crashes = new ConcurrentHashMap<>();

  AlertRuleBook(AlertRules rules) {
    this.rules = rules;
  }

  List<Effect> effects(TenancyEvent event) {
    String tenant = "tenant '" + event.tenant() + "'";
    EventPayload payload = event.payload();
    if (payload instanceof EventPayload.Crashed c) {
      return crashed(event.tenant(), c);
    } else if (payload instanceof EventPayload.Failed f) {
      return raise(Alert.TENANT_DOWN, AlertSeverity.CRITICAL, "The library gave up on " + tenant + ": " + f.reason()
          + ". Fix the cause (see its log), then start it.");
    } else if (payload instanceof EventPayload.Restarted) {
      return List.of(new Resolve(Alert.TENANT_DOWN));
    } else if (payload instanceof EventPayload.Started || payload instanceof EventPayload.Stopped) {
      return manual(event.tenant(), new Resolve(Alert.TENANT_DOWN), new Resolve(Alert.TENANT_CRASH_LOOP));
    } else if (payload instanceof EventPayload.Deleted) {
      return manual(event.tenant(), new ResolveAll());
    } else if (payload instanceof EventPayload.BackupFailed b) {
      return raise(Alert.BACKUP_FAILED, AlertSeverity.WARNING, "A backup or restore of " + tenant + " failed: "
          + b.reason() + ". Check the backup store's free space and permissions, then make a backup.");
    } else if (payload instanceof EventPayload.BackupStale s) {
      return raise(Alert.BACKUP_STALE, AlertSeverity.WARNING, "The " + tenant + "'s " + s.detail()
          + ". Check that scheduled backups run (tenancy.backups().overview()) and make one now.");
    } else if (payload instanceof EventPayload.BackupDone) {
      return List.of(new Resolve(Alert.BACKUP_FAILED), new Resolve(Alert.BACKUP_STALE));
    } else if (payload instanceof EventPayload.Restored) {
      return List.of(new Resolve(Alert.BACKUP_FAILED));
    } else if (payload instanceof EventPayload.CertificateExpiring c) {
      boolean critical = c.remaining().compareTo(rules.certificateCriticalWithin()) <= 0;
      return raise(Alert.CERTIFICATE_EXPIRING, critical ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
          "For " + tenant + ", " + c.detail() + " (tenant.renewCertificate() or tenancy.renewCertificates(...)).");
    } else if (payload instanceof EventPayload.CertificateRenewed) {
      return List.of(new Resolve(Alert.CERTIFICATE_EXPIRING));
    } else if (payload instanceof EventPayload.QuotaExceeded q) {
      return raise(Alert.QUOTA_EXCEEDED, AlertSeverity.WARNING, "The " + tenant + " " + q.detail()
          + ". Raise its maxMemory (resize) or have it delete keys.");
    } else if (payload instanceof EventPayload.QuotaRestored) {
      return List.of(new Resolve(Alert.QUOTA_EXCEEDED));
    }
    return List.of();
  }

  private static List<Effect> raise(String code, AlertSeverity severity, String message) {
    return List.of(new Raise(code, severity, message));
  }

  private List<Effect> crashed(String tenant, EventPayload.Crashed c) {
    String t = "Tenant '" + tenant + "'";
    int inRow = c.crashesInRow().orElseGet(() -> crashes.merge(tenant, 1, Integer::sum));
    Raise down = new Raise(Alert.TENANT_DOWN, AlertSeverity.CRITICAL, "The instance of tenant '" + tenant
        + "' exited unexpectedly ("
        + c.description() + "). The library restarts it; if this alert stays, read the tenant's log and run reconcile.");
    if (inRow < rules.crashLoopAfter()) {
      return List.of(down);
    }
    return List.of(down, new Raise(Alert.TENANT_CRASH_LOOP, AlertSeverity.CRITICAL, t + " crashed " + inRow
        + " times in a row (last: " + c.description() + "). Find the cause in its log (memory, disk, configuration); "
        + "stop it or fix the cause, then start it."));
  }

  /** A person acted on the tenant: the crash count starts again. */
  private List<Effect> manual(String tenant, Effect... effects) {
    crashes.remove(tenant);
    return List.of(effects);
  }
}
