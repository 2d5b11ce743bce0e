package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.CertificateInfo;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RenewalReport;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TlsOptions;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.state.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials and certificates change on running tenants while a client writes without pause: it
 * sees no failed command (Lettuce reconnects and retries) and no write is lost.
 */
class RotationIT {
  private Path home;
  private final RecordingListener listener = new RecordingListener();
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void home() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-rot-");
  }

  @AfterEach
  void cleanUp() {
    opened.forEach(RedisTenancy::close);
    try (RedisTenancy last = open(TlsOptions.defaults())) {
      last.tenants().forEach(t -> t.delete(Deletion.PURGE));
    }
    TestFiles.deleteQuietly(home);
  }

  private RedisTenancy open(TlsOptions tls) {
    return open(tls, Duration.ZERO);
  }

  /** Opened with a clock {@code ahead} of the real one, as the expiry watch then sees it. */
  private RedisTenancy open(TlsOptions tls, Duration ahead) {
    RedisTenancy tenancy = RedisTenancy.builder().home(home).listener(listener).tls(tls)
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), ahead))
        .backend(Backends.local().tcpPorts(TlsIT.FIRST_PORT + 50, TlsIT.LAST_PORT)).build();
    opened.add(tenancy);
    return tenancy;
  }

  @Test
  void passwordRotationKeepsTheOldPasswordForTheGracePeriodAndAWriterNeverFails() throws Exception {
    Tenant acme = open(TlsOptions.defaults()).create("acme").apply();
    ConnectionInfo before = acme.connection();
    try (Writer writer = new Writer(acme)) {
      Instant until = acme.rotatePassword(Duration.ofSeconds(3));
      ConnectionInfo after = acme.connection();
      assertThat(after.password()).isNotEqualTo(before.password());
      assertThat(acme.handover().env()).contains(after.password()).doesNotContain(before.password());
      assertThat(auth(after)).isTrue();
      assertThat(auth(before)).as("old password during the grace period").isTrue();
      assertThat(listener.types("acme")).contains(TenancyEvent.Type.PASSWORD_ROTATED);

      killClients(acme); // the writer reconnects now: with the new password
      writer.awaitMore(200);
      waitUntil(() -> !auth(before), Duration.between(Instant.now(), until).plusSeconds(10));
      assertThat(auth(after)).isTrue();
      Secrets stored = secrets(acme);
      assertThat(stored.retiringTenantPassword()).isNull();
      assertThat(Files.readString(home.resolve("instances/tenants/acme/users.acl")))
          .contains(Secrets.sha256(after.password())).doesNotContain(Secrets.sha256(before.password()));

      killClients(acme);
      writer.awaitMore(200);
      writer.stop();
      assertThat(writer.failures).as("failed commands").isEmpty();
      writer.assertNothingLost(acme);
    }
  }

  @Test
  void certificateRenewalReloadsLiveWhileAWriterKeepsWritingOverTls() throws Exception {
    Tenant acme = open(TlsOptions.defaults()).create("acme").access(Access.TLS_ONLY).apply();
    CertificateInfo first = acme.certificate().orElseThrow();
    long pid = LocalTenancyIT.pid(acme);
    try (Writer writer = new Writer(acme)) {
      writer.awaitMore(100);
      CertificateInfo second = acme.renewCertificate();
      assertThat(second.serialNumber()).isNotEqualTo(first.serialNumber());
      killClients(acme);
      writer.awaitMore(200);
      assertThat(servedSerial(acme)).as("new handshakes see the new certificate").isEqualTo(second.serialNumber());
      writer.stop();
      assertThat(writer.failures).isEmpty();
      assertThat(LocalTenancyIT.pid(acme)).as("no restart").isEqualTo(pid);
      writer.assertNothingLost(acme);
    }
  }

  @Test
  void anExpiryWarningIsNotRepeatedWhenTheHomeIsReopened() throws Exception {
    try (RedisTenancy first = open(TlsOptions.defaults().serverValidity(Duration.ofDays(40)))) {
      first.create("acme").access(Access.TLS_ONLY).apply();
    }
    try (RedisTenancy first = open(TlsOptions.defaults().serverValidity(Duration.ofDays(50)))) {
      first.create("zulu").access(Access.TLS_ONLY).apply();
    }
    try (RedisTenancy in15Days = open(TlsOptions.defaults(), Duration.ofDays(15))) { // acme: 25 days left
      assertThat(listener.await(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING && e.tenant().equals("acme"),
          Duration.ofSeconds(10))).isTrue();
    }
    int seen = listener.events().size();
    try (RedisTenancy in22Days = open(TlsOptions.defaults(), Duration.ofDays(22))) { // zulu: 28 days left
      assertThat(listener.await(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING && e.tenant().equals("zulu"),
          Duration.ofSeconds(10))).isTrue();
      Thread.sleep(500); // the same check pass looks at acme
    }
    assertThat(listener.events().subList(seen, listener.events().size()))
        .filteredOn(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING)
        .as("acme was warned for its 30-day period before the reopen").extracting(TenancyEvent::tenant)
        .containsExactly("zulu");
  }

  @Test
  void certificatesNearTheirEndAreReportedAndRenewedAsAFleet() throws Exception {
    TlsOptions shortLived = TlsOptions.defaults().serverValidity(Duration.ofDays(20));
    try (RedisTenancy first = open(shortLived)) {
      first.create("acme").access(Access.TLS_ONLY).apply();
      first.create("bolt").access(Access.DUAL).apply();
      first.create("plain").apply();
    }
    try (RedisTenancy second = open(TlsOptions.defaults().serverValidity(Duration.ofDays(5)))) {
      second.create("soon").access(Access.TLS_ONLY).apply();
    }
    RedisTenancy tenancy = open(TlsOptions.defaults());
    assertThat(listener.await(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING && e.tenant().equals("soon"),
        Duration.ofSeconds(10))).isTrue();
    Thread.sleep(500); // the same check pass looks at the others
    // each once, in whichever session's check first saw it (warnings are remembered across reopens)
    List<TenancyEvent> afterOpen = listener.events();
    assertThat(afterOpen).filteredOn(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING)
        .extracting(TenancyEvent::tenant).containsExactlyInAnyOrder("acme", "bolt", "soon");
    assertThat(afterOpen).filteredOn(e -> e.type() == TenancyEvent.Type.CERTIFICATE_EXPIRING)
        .allSatisfy(e -> assertThat(e.detail()).contains(e.tenant().equals("soon") ? "warning period 7 days"
            : "warning period 30 days"));

    List<RenewalReport.Progress> progress = new CopyOnWriteArrayList<>();
    RenewalReport report = tenancy.renewCertificates(Duration.ofDays(30), progress::add);
    assertThat(report.renewed()).containsExactly("acme", "bolt", "soon");
    assertThat(report.unchanged()).containsExactly("plain");
    assertThat(report.isSuccess()).isTrue();
    assertThat(progress).extracting(RenewalReport.Progress::done).containsExactly(1, 2, 3, 4);
    Tenant bolt = tenancy.tenant("bolt").orElseThrow();
    assertThat(bolt.certificate().orElseThrow().remaining(Instant.now())).isGreaterThan(Duration.ofDays(300));
    assertThat(bolt.connection().endpoints()).extracting(Endpoint::isTls).containsExactly(false, true);
    assertThat(servedSerial(bolt)).isEqualTo(bolt.certificate().orElseThrow().serialNumber());
    assertThat(tenancy.renewCertificates(Duration.ofDays(30), p -> { }).renewed()).isEmpty();
  }

  /** The serial of the certificate a new TLS handshake with the tenant's TLS endpoint presents. */
  private static String servedSerial(Tenant tenant) throws Exception {
    ConnectionInfo info = tenant.connection();
    Endpoint tls = info.endpoints().stream().filter(Endpoint::isTls).findFirst().orElseThrow();
    javax.net.ssl.SSLContext context = io.redistenancy.internal.tls.SslContexts.client(
        io.redistenancy.internal.tls.TenantServerTrust.of(() -> info.caPem().orElseThrow(), info.serverName().orElseThrow()),
        null);
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
        .createSocket(tls.host().orElseThrow(), tls.port())) {
      socket.startHandshake();
      return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
    }
  }

  private boolean auth(ConnectionInfo info) throws IOException {
    Endpoint endpoint = info.endpoints().stream().filter(e -> !e.isTls()).findFirst().orElse(null);
    if (endpoint == null) {
      throw new IllegalStateException("a plaintext endpoint is needed here");
    }
    try (RespConnection conn = RespConnection.open(endpoint, Duration.ofSeconds(5))) {
      conn.auth(info.username(), info.password());
      return true;
    } catch (RespException e) {
      return false;
    }
  }

  private Secrets secrets(Tenant tenant) throws IOException, InterruptedException {
    String json = Files.readString(io.redistenancy.contract.StateFilesOnDisk.secrets(home, tenant.name()));
    return new Secrets(field(json, "adminPassword"), field(json, "tenantPassword"), optional(json, "retiringTenantPassword"), null);
  }

  private static String field(String json, String name) {
    String value = optional(json, name);
    if (value == null) {
      throw new IllegalStateException(name + " missing");
    }
    return value;
  }

  private static String optional(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  /** Disconnects the tenant's clients as the library's admin user: they must reconnect. */
  private void killClients(Tenant tenant) throws IOException, InterruptedException {
    Endpoint endpoint = tenant.connection().endpoint();
    javax.net.ssl.SSLContext tls = endpoint.isTls() ? adminContext(tenant.connection()) : null;
    try (RespConnection conn = RespConnection.open(endpoint, Duration.ofSeconds(5), tls)) {
      conn.auth("tenancy_admin", secrets(tenant).adminPassword());
      assertThat((Long) conn.call("CLIENT", "KILL", "USER", tenant.name())).isPositive();
    }
  }

  private javax.net.ssl.SSLContext adminContext(ConnectionInfo info) throws IOException {
    String pem = info.caPem().orElseThrow(); // the tenant's own server CA
    return io.redistenancy.internal.tls.SslContexts.client(
        io.redistenancy.internal.tls.TenantServerTrust.of(() -> pem, info.serverName().orElseThrow()), null);
  }

  private static void waitUntil(Check check, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @FunctionalInterface
  interface Check {
    boolean ok() throws Exception;
  }

  /**
   * Writes {@code SET w:N N} without pause on a connection of {@code tenant.connect()}, N counting up
   * after each acknowledged write; its reconnect policy: a command that failed (a killed connection
   * can reset under it) is tried again up to 5 times, 50 ms apart, and only then counts as failed.
   * SET is idempotent, so at the end the database holds exactly one key per acknowledged write.
   */
  static final class Writer implements AutoCloseable {
    final AtomicLong done = new AtomicLong();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final StatefulRedisConnection<String, String> conn;
    private final Thread thread;

    Writer(Tenant tenant) {
      conn = tenant.connect();
      thread = new Thread(() -> {
        while (running.get()) {
          String n = Long.toString(done.get());
          RuntimeException last = null;
          for (int attempt = 0; attempt < 5; attempt++) {
            try {
              conn.sync().set("w:" + n, n);
              last = null;
              break;
            } catch (RuntimeException e) {
              last = e;
              sleep(50);
            }
          }
          if (last == null) {
            done.incrementAndGet();
          } else {
            failures.add(last.toString());
          }
        }
      }, "writer");
      thread.start();
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Every acknowledged write is there: one key each. */
    void assertNothingLost(Tenant tenant) {
      try (var check = tenant.connect()) {
        assertThat(check.sync().dbsize()).as("keys written").isEqualTo(done.get());
      }
    }

    void awaitMore(long writes) throws InterruptedException {
      long target = done.get() + writes;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (done.get() < target && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(done.get()).as("writes go on (failures: " + failures + ")").isGreaterThanOrEqualTo(target);
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
      conn.close();
    }
  }
}
