package io.redistenancy.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Alert;
import io.redistenancy.AlertNotice;
import io.redistenancy.AlertNotifier;
import io.redistenancy.AlertRules;
import io.redistenancy.AlertSeverity;
import io.redistenancy.AuditFilter;
import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.TenancyEvent;
import io.redistenancy.internal.audit.AuditLog;
import io.redistenancy.internal.audit.Audited;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts' lifecycle from the engine's typed events, kept in a real home directory. */
class AlertCenterTest {
  @TempDir
  Path home;

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  /** Keeps what it is told, in order: an in-process notifier like an application's own. */
  private static final class Recording implements AlertNotifier {
    final List<AlertNotice> notices = new CopyOnWriteArrayList<>();

    @Override
    public void send(AlertNotice notice) {
      notices.add(notice);
    }
  }

  private final MovableClock clock = new MovableClock();
  private final Recording notifier = new Recording();
  private AuditLog audit;

  private AlertCenter center(AlertRules rules) {
    if (audit == null) {
      audit = AuditLog.open(home.resolve("audit"), clock, Duration.ofDays(30));
    }
    return new AlertCenter(home.resolve("alerts"), rules, List.of(notifier), clock, new Audited(audit, clock));
  }

  @AfterEach
  void closeAudit() {
    if (audit != null) {
      audit.close();
    }
  }

  private TenancyEvent event(String tenant, EventPayload payload) {
    return new TenancyEvent(tenant, clock.instant(), payload);
  }

  private static EventPayload.Crashed crash(int inRow) {
    return new EventPayload.Crashed(OptionalInt.empty(), OptionalInt.of(9), OptionalInt.of(inRow), "killed by signal 9");
  }

  @Test
  void aCrashRaisesOnceUpdatesWhileItLastsAndARestartResolvesIt() {
    AlertCenter alerts = center(AlertRules.defaults());
    alerts.onEvent(event("acme", crash(1)));
    clock.now = clock.now.plusSeconds(5);
    alerts.onEvent(event("acme", crash(2)));

    assertThat(alerts.active()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(Alert.TENANT_DOWN);
      assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
      assertThat(a.occurrences()).isEqualTo(2);
      assertThat(a.message()).contains("acme").contains("log");
    });
    assertThat(notifier.notices).extracting(AlertNotice::change).containsExactly(AlertNotice.Change.RAISED);

    alerts.onEvent(event("acme", EventPayload.Restarted.described("restarted")));
    assertThat(alerts.active()).isEmpty();
    assertThat(alerts.recent()).singleElement().satisfies(a -> assertThat(a.resolvedAt()).isPresent());
    assertThat(notifier.notices).extracting(AlertNotice::change)
        .containsExactly(AlertNotice.Change.RAISED, AlertNotice.Change.RESOLVED);
  }

  @Test
  void aCrashLoopFromTheConfiguredCountLastsUntilAPersonActs() {
    AlertCenter alerts = center(AlertRules.defaults().crashLoopAfter(2));
    alerts.onEvent(event("acme", crash(1)));
    alerts.onEvent(event("acme", EventPayload.Restarted.described("restarted")));
    alerts.onEvent(event("acme", crash(2)));
    alerts.onEvent(event("acme", EventPayload.Restarted.described("restarted")));
    assertThat(alerts.active()).extracting(Alert::code).containsExactly(Alert.TENANT_CRASH_LOOP);
    alerts.onEvent(event("acme", new EventPayload.Stopped()));
    assertThat(alerts.active()).isEmpty();
  }

  @Test
  void aCertificateEscalatesToCriticalWithinThePeriodAndARenewalResolvesIt() {
    AlertCenter alerts = center(AlertRules.defaults());
    Instant end = clock.now.plus(Duration.ofDays(20));
    alerts.onEvent(event("acme", new EventPayload.CertificateExpiring(end, Duration.ofDays(20), Duration.ofDays(30))));
    alerts.onEvent(event("acme", new EventPayload.CertificateExpiring(end, Duration.ofDays(5), Duration.ofDays(7))));
    assertThat(alerts.active()).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL));
    alerts.onEvent(event("acme", new EventPayload.CertificateRenewed("01", end.plus(Duration.ofDays(365)))));
    assertThat(notifier.notices).extracting(AlertNotice::change).containsExactly(AlertNotice.Change.RAISED,
        AlertNotice.Change.ESCALATED, AlertNotice.Change.RESOLVED);
  }

  @Test
  void backupsAndQuotasRaiseWarningsTheirRecoveryResolves() {
    AlertCenter alerts = center(AlertRules.defaults());
    alerts.onEvent(event("acme", new EventPayload.BackupFailed("disk full")));
    alerts.onEvent(event("beta", new EventPayload.QuotaExceeded(MemorySize.ofMegabytes(8), MemorySize.ofMegabytes(9))));
    assertThat(alerts.active()).extracting(Alert::code).containsExactly(Alert.BACKUP_FAILED, Alert.QUOTA_EXCEEDED);
    assertThat(alerts.active()).allSatisfy(a -> assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING));
    alerts.onEvent(event("acme", new EventPayload.BackupDone("b1", 10, 1)));
    alerts.onEvent(event("beta", new EventPayload.QuotaRestored(MemorySize.ofMegabytes(8), MemorySize.ofMegabytes(7))));
    assertThat(alerts.active()).isEmpty();
  }

  @Test
  void anAcknowledgementIsKeptAuditedAndToldAndEverythingSurvivesAReopen() throws Exception {
    AlertCenter alerts = center(AlertRules.defaults());
    alerts.onEvent(event("acme", crash(1)));
    String id = alerts.active().get(0).id();
    Alert acked = alerts.acknowledge(id, "looking at it");
    assertThat(acked.acknowledgement()).hasValueSatisfying(a -> {
      assertThat(a.by()).isEqualTo("library");
      assertThat(a.note()).isEqualTo("looking at it");
    });
    assertThat(notifier.notices).extracting(AlertNotice::change).endsWith(AlertNotice.Change.ACKNOWLEDGED);
    assertThat(audit.query(AuditFilter.all().operation("alert.acknowledge"))).singleElement()
        .satisfies(r -> assertThat(r.parameters()).containsEntry("alert", id));
    Path file = home.resolve("alerts/alerts.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    AlertCenter reopened = center(AlertRules.defaults());
    assertThat(reopened.active()).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(id);
      assertThat(a.acknowledgement()).isPresent();
    });
    reopened.onEvent(event("acme", crash(1)));
    assertThat(reopened.active()).singleElement().satisfies(a -> assertThat(a.occurrences()).isEqualTo(2));
  }

  @Test
  void resolvedAlertsAreDroppedAfterTheRetention() {
    AlertCenter alerts = center(AlertRules.defaults().retention(Duration.ofDays(2)));
    alerts.onEvent(event("acme", new EventPayload.BackupFailed("disk full")));
    alerts.onEvent(event("acme", new EventPayload.BackupDone("b1", 10, 1)));
    assertThat(alerts.recent()).hasSize(1);
    clock.now = clock.now.plus(Duration.ofDays(3));
    alerts.onEvent(event("beta", new EventPayload.BackupFailed("disk full")));
    assertThat(alerts.recent()).extracting(a -> a.tenant().orElseThrow()).containsExactly("beta");
  }

  @Test
  void acknowledgingAnUnknownAlertSaysWhatToDo() {
    AlertCenter alerts = center(AlertRules.defaults());
    assertThatThrownBy(() -> alerts.acknowledge("nope", "")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not an alert id");
    assertThatThrownBy(() -> alerts.acknowledge("6f1c1f0e-1111-4111-8111-111111111111", ""))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("No kept alert");
  }
}
