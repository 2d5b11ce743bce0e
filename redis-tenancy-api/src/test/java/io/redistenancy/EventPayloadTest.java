package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.redistenancy.EventPayload.BackupDone;
import io.redistenancy.EventPayload.BackupFailed;
import io.redistenancy.EventPayload.BackupStale;
import io.redistenancy.EventPayload.CertificateExpiring;
import io.redistenancy.EventPayload.CertificateMigrated;
import io.redistenancy.EventPayload.CertificateRenewed;
import io.redistenancy.EventPayload.Crashed;
import io.redistenancy.EventPayload.Created;
import io.redistenancy.EventPayload.Deleted;
import io.redistenancy.EventPayload.Deleting;
import io.redistenancy.EventPayload.Failed;
import io.redistenancy.EventPayload.PasswordRotated;
import io.redistenancy.EventPayload.PortChanged;
import io.redistenancy.EventPayload.QuotaExceeded;
import io.redistenancy.EventPayload.QuotaRestored;
import io.redistenancy.EventPayload.Reconfigured;
import io.redistenancy.EventPayload.Resized;
import io.redistenancy.EventPayload.Restarted;
import io.redistenancy.EventPayload.Restored;
import io.redistenancy.EventPayload.Started;
import io.redistenancy.EventPayload.Stopped;
import io.redistenancy.EventPayload.VulnerableVersion;
import io.redistenancy.TenancyEvent.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each payload's figures, its kind and the text derived from them (the text listeners read before payloads). */
class EventPayloadTest {
  private static final Instant AT = Instant.parse("2026-12-02T01:00:00Z");
  private static final MemorySize MB256 = MemorySize.ofMegabytes(256);
  private static final MemorySize MB512 = MemorySize.ofMegabytes(512);

  @Test
  void derivesTheDetailTextFromTheFigures() {
    assertDetail(new Created("small", MB256), Type.CREATED, "plan small, maxmemory 256mb");
    assertDetail(new Started(), Type.STARTED, "");
    assertDetail(new Stopped(), Type.STOPPED, "");
    assertDetail(new Crashed(OptionalInt.of(137), OptionalInt.of(9), OptionalInt.of(1), "exit code 137 (signal 9)"),
        Type.CRASHED, "exit code 137 (signal 9)");
    assertDetail(new Restarted(OptionalInt.of(2), "restarted after exit code 1"), Type.RESTARTED,
        "restarted after exit code 1");
    assertDetail(new Failed("gave up"), Type.FAILED, "gave up");
    assertDetail(new Resized(MB256, MB512), Type.RESIZED, "256mb -> 512mb");
    assertDetail(new Reconfigured("keyspace events", "none", "Kx"), Type.RECONFIGURED, "keyspace events none -> Kx");
    assertDetail(new Deleting(50_000, "t:acme:"), Type.DELETING, "50000 keys t:acme:* removed so far");
    assertDetail(new Deleted(Optional.empty(), false), Type.DELETED, "");
    assertDetail(new Deleted(Optional.of("/srv/kept/acme"), false), Type.DELETED, "data kept at /srv/kept/acme");
    assertDetail(new Deleted(Optional.empty(), true), Type.DELETED, "finished by reconcile");
    assertDetail(new QuotaExceeded(MB256, MB512), Type.QUOTA_EXCEEDED, "uses about 512mb of its 256mb quota (sampled); "
        + "it may read and delete its keys but not write until it is under again");
    assertDetail(new QuotaRestored(MB512, MB256), Type.QUOTA_RESTORED,
        "uses about 256mb of its 512mb quota (sampled); it may write again");
    assertDetail(new CertificateRenewed("0a1b", AT), Type.CERTIFICATE_RENEWED, "serial 0a1b, until 2026-12-02T01:00:00Z");
    assertDetail(new CertificateMigrated("acme.tenants"), Type.CERTIFICATE_RENEWED,
        "migrated to a server certificate naming acme.tenants and a client CA of its own; mutual-TLS clients "
            + "need the new client certificate");
    assertDetail(new PasswordRotated(AT), Type.PASSWORD_ROTATED, "the previous password works until 2026-12-02T01:00:00Z");
    assertDetail(new BackupDone("b-1", 1234, 5), Type.BACKUP_DONE, "b-1 (1234 bytes, 5 keys)");
    assertDetail(new BackupFailed("disk full"), Type.BACKUP_FAILED, "disk full");
    assertDetail(new Restored("b-1", 5), Type.RESTORED, "from backup b-1 (5 keys)");
    assertDetail(new VulnerableVersion("7.0.15", List.of("CVE-2025-49844"), Optional.of("7.2.11"), "runs Redis 7.0.15"),
        Type.VULNERABLE_VERSION, "runs Redis 7.0.15");
    assertDetail(new PortChanged(Optional.of(Endpoint.tcp("127.0.0.1", 7001)), Optional.of(Endpoint.tcp("127.0.0.1", 7002)),
        "port taken"), Type.PORT_CHANGED, "tcp:127.0.0.1:7001 -> tcp:127.0.0.1:7002 (port taken)");
    assertDetail(new PortChanged(Optional.empty(), Optional.of(Endpoint.tcp("127.0.0.1", 7002)), "adopted"),
        Type.PORT_CHANGED, "no TCP -> tcp:127.0.0.1:7002 (adopted)");
  }

  @Test
  void certificateExpiringSaysDaysLeftOrThatItHasEnded() {
    assertDetail(new CertificateExpiring(AT, Duration.ofDays(12).plusHours(3), Duration.ofDays(30)),
        Type.CERTIFICATE_EXPIRING,
        "the server certificate ends in 12 days, at 2026-12-02T01:00:00Z (warning period 30 days); renew it");
    assertThat(new CertificateExpiring(AT, Duration.ZERO, Duration.ofDays(30)).detail())
        .startsWith("the server certificate has ended, at ");
    assertThat(new CertificateExpiring(AT, Duration.ofDays(-1), Duration.ofDays(30)).detail())
        .startsWith("the server certificate has ended, at ");
  }

  @Test
  void backupStaleNamesTheNewestBackupsAgeOrThatThereIsNone() {
    assertDetail(new BackupStale(Optional.of(AT), Duration.ofHours(30), "every 24h"), Type.BACKUP_STALE,
        "newest backup is 30 h old; schedule every 24h");
    assertDetail(new BackupStale(Optional.empty(), Duration.ofHours(26), "every 24h"), Type.BACKUP_STALE,
        "newest backup none since creation 26 h ago; schedule every 24h");
  }

  @Test
  void aCrashOrRestartTheBackendCanOnlyDescribeHasNoFigures() {
    Crashed crashed = Crashed.described("does not answer");
    assertThat(crashed.exitCode()).isEmpty();
    assertThat(crashed.signal()).isEmpty();
    assertThat(crashed.crashesInRow()).isEmpty();
    assertThat(Restarted.described("answers again").restartCount()).isEmpty();
  }

  @Test
  void theEventTakesItsKindAndDetailFromThePayload() {
    TenancyEvent event = new TenancyEvent("acme", AT, new Resized(MB256, MB512));
    assertThat(event.type()).isEqualTo(Type.RESIZED);
    assertThat(event.detail()).isEqualTo("256mb -> 512mb");
    assertThat(event.payload()).isEqualTo(new Resized(MB256, MB512));
    assertThatNullPointerException().isThrownBy(() -> new TenancyEvent("acme", AT, null)).withMessage("payload");
  }

  @Test
  void refusesMissingFigures() {
    assertThatNullPointerException().isThrownBy(() -> new Resized(null, MB512)).withMessage("from");
    assertThatNullPointerException().isThrownBy(() -> new Resized(MB256, null)).withMessage("to");
    assertThatNullPointerException().isThrownBy(() -> new Created("small", null)).withMessage("maxMemory");
    assertThatNullPointerException().isThrownBy(() -> new Crashed(null, OptionalInt.empty(), OptionalInt.empty(), "x"))
        .withMessage("exitCode");
    assertThatNullPointerException().isThrownBy(() -> new QuotaExceeded(MB256, null)).withMessage("used");
    assertThatNullPointerException().isThrownBy(() -> new BackupDone(null, 1, 1)).withMessage("backupId");
    assertThatNullPointerException().isThrownBy(() -> new CertificateExpiring(null, Duration.ZERO, Duration.ZERO))
        .withMessage("notAfter");
    assertThatNullPointerException().isThrownBy(() -> new PortChanged(Optional.empty(), Optional.empty(), null))
        .withMessage("reason");
    assertThatNullPointerException().isThrownBy(() -> new Deleted(null, false)).withMessage("dataKeptAt");
  }

  @Test
  void vulnerableVersionKeepsItsOwnCopyOfTheCves() {
    List<String> cves = new ArrayList<>(List.of("CVE-1"));
    VulnerableVersion payload = new VulnerableVersion("7.0.15", cves, Optional.empty(), "x");
    cves.add("CVE-2");
    assertThat(payload.cves()).containsExactly("CVE-1");
  }

  @Test
  void everyKindOfEventHasAPayload() {
    Set<Type> covered = Arrays.stream(EventPayload.class.getPermittedSubclasses()).map(EventPayloadTest::kindOf)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Type.class)));
    assertThat(covered).isEqualTo(EnumSet.allOf(Type.class));
  }

  /** The kind a payload record declares, read from a sample built with neutral figures. */
  private static Type kindOf(Class<?> record) {
    try {
      var constructor = record.getDeclaredConstructors()[0];
      Object[] args = Arrays.stream(constructor.getParameterTypes()).map(EventPayloadTest::sample).toArray();
      return ((EventPayload) constructor.newInstance(args)).type();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(record + ": " + e, e);
    }
  }

  private static Object sample(Class<?> type) {
    if (type == long.class) return 0L;
    if (type == boolean.class) return false;
    if (type == String.class) return "";
    if (type == MemorySize.class) return MemorySize.ZERO;
    if (type == Instant.class) return AT;
    if (type == Duration.class) return Duration.ZERO;
    if (type == OptionalInt.class) return OptionalInt.empty();
    if (type == Optional.class) return Optional.empty();
    if (type == List.class) return List.of();
    throw new AssertionError("no sample for " + type);
  }

  private static void assertDetail(EventPayload payload, Type type, String detail) {
    assertThat(payload.type()).as("%s", payload).isEqualTo(type);
    assertThat(payload.detail()).as("%s", payload).isEqualTo(detail);
  }
}
