package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.RedisCli;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.contract.TlsProbe;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.Pem;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.internal.tls.TenantServerTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each TLS tenant's identity is its own, with real handshakes between two tenants of one home: its
 * instance accepts only client certificates of its own client CA, and clients accept only a server
 * certificate naming its own server name.
 */
class TenantIdentityIT {
  static final int FIRST_PORT = 46500;
  static final int LAST_PORT = 46549;

  private Path home;
  private Path handover;
  private RedisTenancy tenancy;

  @BeforeEach
  void open() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-tlsid-");
    handover = home.resolve("handover");
    tenancy = RedisTenancy.builder().home(home).backend(Backends.local().tcpPorts(FIRST_PORT, LAST_PORT)).build();
  }

  @AfterEach
  void cleanUp() {
    tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    tenancy.close();
    TestFiles.deleteQuietly(home);
  }

  private Tenant mutualTls(String name) {
    return tenancy.create(name).access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
  }

  @Test
  void aTenantsClientCertificateIsRefusedAtTheHandshakeOnAnotherTenantsPort() throws Exception {
    ConnectionInfo acme = mutualTls("acme").connection();
    ConnectionInfo globex = mutualTls("globex").connection();
    // acme's client certificate and trust, towards globex's port, with globex's own name and password:
    // only the client certificate is not globex's
    ConnectionInfo acmeCertificateOnGlobex = globex.withTls(globex.caPem().orElseThrow(),
        acme.clientCertificatePem().orElseThrow(), acme.clientKeyPem().orElseThrow());
    assertThatThrownBy(() -> TlsProbe.ping(acmeCertificateOnGlobex, globex.endpoint()))
        .isInstanceOf(RedisConnectionException.class);
    assertThat(TlsProbe.ping(acme, acme.endpoint())).isEqualTo("PONG");
    assertThat(TlsProbe.ping(globex, globex.endpoint())).isEqualTo("PONG");

    Tenant acmeTenant = tenancy.tenant("acme").orElseThrow();
    acmeTenant.handover().writeTo(handover);
    String[] acmeFiles = {"--tls", "--cacert", handover.resolve("acme-ca.crt").toString(),
        "--cert", handover.resolve("acme-client.crt").toString(), "--key", handover.resolve("acme-client.key").toString()};
    assertThat(RedisCli.ping(acme, acmeFiles)).isEqualTo("PONG");
    assertThat(RedisCli.ping(globex, acmeFiles)).as("redis-cli with acme's certificate on globex")
        .doesNotContain("PONG");

    // the handshake itself fails with a certificate of acme's client CA (here the library's for acme): no password
    // reaches globex's instance over it
    assertThatThrownBy(() -> {
      try (RespConnection conn = RespConnection.open(globex.endpoint(), Duration.ofSeconds(5),
          context(acme, globex.serverName().orElseThrow()))) {
        conn.auth(globex.username(), globex.password());
      }
    }).isInstanceOf(IOException.class);

    // what each instance trusts for clients: its own client CA, one self-signed certificate
    List<X509Certificate> acmeCas = trustedClientCas("acme");
    assertThat(acmeCas).hasSize(1);
    assertThat(acmeCas.get(0).getSubjectX500Principal()).isEqualTo(acmeCas.get(0).getIssuerX500Principal());
    assertThat(acmeCas).doesNotContainAnyElementsOf(trustedClientCas("globex"));
    assertThat(acmeCas).doesNotContainAnyElementsOf(Pem.parseCertificates(acme.caPem().orElseThrow()));
  }

  @Test
  void anotherTenantsServerCertificateIsRefusedOnTheTenantsConnection() throws Exception {
    ConnectionInfo acme = mutualTls("acme").connection();
    ConnectionInfo globex = mutualTls("globex").connection();
    assertThat(acme.serverName()).isPresent().isNotEqualTo(globex.serverName());
    assertThat(tenancy.tenant("acme").orElseThrow().certificate().orElseThrow().subjectAlternativeNames())
        .contains("DNS:" + acme.serverName().orElseThrow());

    // acme's connection settings, but the port is globex's: globex's instance shows its own certificate, from
    // globex's own server CA, naming the same addresses
    Endpoint globexPort = globex.endpoint();
    ConnectionInfo acmeToGlobex = new ConnectionInfo("acme", List.of(globexPort), acme.username(), acme.password())
        .withTls(acme.caPem().orElseThrow(), acme.clientCertificatePem().orElseThrow(), acme.clientKeyPem().orElseThrow())
        .withServerName(acme.serverName().orElseThrow());
    assertThatThrownBy(() -> TlsProbe.ping(acmeToGlobex, globexPort)).isInstanceOf(RedisConnectionException.class)
        .hasRootCauseInstanceOf(CertPathBuilderException.class);
    // a client trusting both tenants' CAs still checks the name
    ConnectionInfo trustingBoth = acmeToGlobex.withTls(acme.caPem().orElseThrow() + globex.caPem().orElseThrow(),
        acme.clientCertificatePem().orElseThrow(), acme.clientKeyPem().orElseThrow());
    assertThatThrownBy(() -> TlsProbe.ping(trustingBoth, globexPort)).isInstanceOf(RedisConnectionException.class)
        .hasRootCauseInstanceOf(CertificateException.class).hasStackTraceContaining("does not name " + acme.serverName().get());

    // the library's admin context for acme, on globex's port: refused before any password is sent
    assertThatThrownBy(() -> {
      try (RespConnection conn = RespConnection.open(globexPort, Duration.ofSeconds(5), context(acme,
          acme.serverName().orElseThrow()))) {
        conn.auth("tenancy_admin", adminPassword("acme"));
      }
    }).isInstanceOf(IOException.class).hasStackTraceContaining("unable to find valid certification path");
    try (RespConnection conn = RespConnection.open(acme.endpoint(), Duration.ofSeconds(5), context(acme,
        acme.serverName().orElseThrow()))) {
      conn.auth("tenancy_admin", adminPassword("acme"));
      assertThat(conn.call("PING")).isEqualTo("PONG");
    }
  }

  /**
   * Clients that verify the chain but not the name (redis-cli --cacert; Lettuce with VerifyMode.CA): with
   * acme's handover CA on globex's port, the handshake fails and globex never sees acme's AUTH. globex asks
   * for no client certificate, so only the server CA can stop the client (the hole when every tenant's
   * server certificate came from the one home CA).
   */
  @Test
  void aClientTrustingOnlyTheChainOfATenantsCaFailsTheHandshakeOnAnotherTenantsPortBeforeAuth() throws Exception {
    ConnectionInfo acme = mutualTls("acme").connection();
    ConnectionInfo globex = tenancy.create("globex").access(Access.TLS_ONLY).clientAuth(ClientAuth.NONE).apply()
        .connection();
    tenancy.tenant("acme").orElseThrow().handover().writeTo(handover);
    Path acmeCa = handover.resolve("acme-ca.crt");
    assertThat(Pem.parseCertificates(Files.readString(acmeCa))).as("acme's own server CA only")
        .containsExactlyElementsOf(Pem.parseCertificates(acme.caPem().orElseThrow())).hasSize(1)
        .doesNotContainAnyElementsOf(Pem.parseCertificates(globex.caPem().orElseThrow()))
        .doesNotContainAnyElementsOf(Pem.parseCertificates(Files.readString(home.resolve("tls/ca.crt"))));
    String[] acmeFiles = {"--tls", "--cacert", acmeCa.toString(),
        "--cert", handover.resolve("acme-client.crt").toString(), "--key", handover.resolve("acme-client.key").toString()};
    ConnectionInfo acmeOnGlobexPort = new ConnectionInfo("acme", List.of(globex.endpoint()), acme.username(),
        acme.password());

    assertThat(RedisCli.ping(acme, acmeFiles)).isEqualTo("PONG");
    assertThat(RedisCli.ping(acmeOnGlobexPort, acmeFiles)).as("redis-cli with acme's handover on globex's port")
        .doesNotContain("PONG").doesNotContain("WRONGPASS").containsIgnoringCase("certificate verify failed");
    assertThat(authFailures("globex", "acme")).as("globex saw no AUTH").isZero();

    assertThat(chainOnlyPing(acme, acme.endpoint())).isEqualTo("PONG");
    assertThatThrownBy(() -> chainOnlyPing(acme, globex.endpoint())).as("Lettuce with acme's CA on globex's port")
        .isInstanceOf(RedisConnectionException.class).hasRootCauseInstanceOf(CertPathBuilderException.class);
    assertThat(authFailures("globex", "acme")).as("globex saw no AUTH").isZero();
  }

  /** PING with Lettuce trusting the CAs of {@code info} and checking no name: chain only, as many clients do by IP. */
  private static String chainOnlyPing(ConnectionInfo info, Endpoint endpoint) {
    RedisClient client = RedisClient.create();
    try {
      SslOptions.Builder tls = SslOptions.builder().jdkSslProvider().trustManager(pem(info.caPem().orElseThrow()));
      info.clientCertificatePem().ifPresent(cert -> tls.keyManager(pem(cert), pem(info.clientKeyPem().orElseThrow()), null));
      client.setOptions(ClientOptions.builder().sslOptions(tls.build()).build());
      RedisURI uri = RedisURI.builder().withHost(endpoint.host().orElseThrow()).withPort(endpoint.port()).withSsl(true)
          .withVerifyPeer(SslVerifyMode.CA).withAuthentication(info.username(), info.password().toCharArray())
          .withTimeout(Duration.ofSeconds(10)).build();
      try (var conn = client.connect(uri)) {
        return conn.sync().ping();
      }
    } finally {
      client.shutdown();
    }
  }

  private static SslOptions.Resource pem(String text) {
    return () -> new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The failed logins as {@code user} that {@code tenant}'s instance logged (ACL LOG, reason auth). */
  private long authFailures(String tenant, String user) throws Exception {
    ConnectionInfo info = tenancy.tenant(tenant).orElseThrow().connection();
    try (RespConnection conn = RespConnection.open(info.endpoint(), Duration.ofSeconds(5),
        context(info, info.serverName().orElseThrow()))) {
      conn.auth("tenancy_admin", adminPassword(tenant));
      return ((List<?>) conn.call("ACL", "LOG")).stream().map(entry -> (List<?>) entry)
          .filter(entry -> field(entry, "reason").equals("auth") && field(entry, "username").equals(user)).count();
    }
  }

  private static String field(List<?> entry, String name) {
    for (int i = 0; i + 1 < entry.size(); i += 2) {
      if (entry.get(i).toString().equals(name)) {
        return entry.get(i + 1).toString();
      }
    }
    return "";
  }

  /**
   * A tenant whose server certificate came from the home CA, from before server CAs were per tenant: on
   * open nothing changes for its running instance and clients; its handover adds its own server CA; the
   * next renewal moves its server certificate to that CA, live, and its handover then holds that CA alone.
   */
  @Test
  void aTenantWhoseServerCertificateCameFromTheHomeCaKeepsWorkingAndMovesToItsOwnServerCaAtTheNextRenewal()
      throws Exception {
    tenancy.close();
    tenancy = detached(null);
    ConnectionInfo before = mutualTls("acme").connection();
    long pid = LocalTenancyIT.pid(tenancy.tenant("acme").orElseThrow());
    tenancy.close(); // detached: the instance keeps running
    String homeCa = Files.readString(home.resolve("tls/ca.crt"));
    IssuedCertificate served = serveFromHomeCa(before);
    // a client of then, from its handover: the home CA only
    ConnectionInfo old = before.withTls(homeCa, before.clientCertificatePem().orElseThrow(),
        before.clientKeyPem().orElseThrow());
    assertThat(TlsProbe.ping(old, old.endpoint())).isEqualTo("PONG");

    tenancy = detached(null);
    Tenant acme = tenancy.tenant("acme").orElseThrow();
    assertThat(acme.status().state()).isEqualTo(io.redistenancy.TenantState.RUNNING);
    ConnectionInfo transition = acme.connection();
    List<X509Certificate> trusted = Pem.parseCertificates(transition.caPem().orElseThrow());
    assertThat(trusted).as("its own server CA, and the home CA until the renewal").hasSize(2)
        .endsWith(Pem.parseCertificates(homeCa).get(0));
    assertThat(acme.certificate().orElseThrow().serialNumber()).isEqualTo(served.certificate().getSerialNumber().toString(16));
    assertThat(TlsProbe.servedSerial(transition)).as("unchanged on open")
        .isEqualTo(served.certificate().getSerialNumber().toString(16));
    assertThat(TlsProbe.ping(old, old.endpoint())).isEqualTo("PONG");
    assertThat(TlsProbe.ping(transition, transition.endpoint())).isEqualTo("PONG");

    String renewed = acme.renewCertificate().serialNumber();
    ConnectionInfo after = acme.connection();
    assertThat(Pem.parseCertificates(after.caPem().orElseThrow())).containsExactly(trusted.get(0));
    assertThat(TlsProbe.servedSerial(after)).as("live").isEqualTo(renewed);
    assertThat(TlsProbe.ping(after, after.endpoint())).isEqualTo("PONG");
    assertThat(TlsProbe.ping(transition, transition.endpoint())).as("the handover given out since the open").isEqualTo("PONG");
    assertThatThrownBy(() -> TlsProbe.ping(old, old.endpoint())).as("trusting only the home CA")
        .isInstanceOf(RedisConnectionException.class);
    assertThat(acme.status().state()).as("the library's own connection").isEqualTo(io.redistenancy.TenantState.RUNNING);
    assertThat(home.resolve("tls/tenants/acme/leaving-home-ca")).doesNotExist();
    assertThat(LocalTenancyIT.pid(acme)).as("live, no restart").isEqualTo(pid);
  }

  /**
   * Puts the tenant's files and running instance back to how they were before server CAs were per tenant:
   * a server certificate of the home CA (naming the tenant's server name), no server CA of its own.
   */
  private IssuedCertificate serveFromHomeCa(ConnectionInfo info) throws Exception {
    IssuedCertificate server = homeCaServerCertificate(info.serverName().orElseThrow(), "localhost");
    load(info, server, null);
    Path tenant = home.resolve("tls/tenants/acme");
    Files.delete(tenant.resolve("server-ca.crt"));
    Files.delete(tenant.resolve("server-ca.key"));
    return server;
  }

  private CertificateAuthority homeCa() throws IOException {
    return CertificateAuthority.of(Files.readString(home.resolve("tls/ca.crt")),
        Files.readString(home.resolve("tls/ca.key")));
  }

  /** A server certificate of the home CA for acme, valid for 30 days, naming {@code dnsNames} and the local addresses. */
  private IssuedCertificate homeCaServerCertificate(String... dnsNames) throws IOException {
    Instant now = Instant.now();
    return homeCa().issueServer("acme", List.of(dnsNames), List.of("127.0.0.1", "::1"), now.minusSeconds(60),
        now.plus(Duration.ofDays(30)));
  }

  /**
   * Stores {@code server} as the tenant's server certificate and makes its running instance serve it, trusting
   * {@code clientCas} for clients where it is not null; over the library's admin connection of now.
   */
  private void load(ConnectionInfo info, IssuedCertificate server, String clientCas) throws Exception {
    SSLContext current = context(info, info.serverName().orElseThrow());
    Path tenant = home.resolve("tls/tenants/" + info.tenant());
    write(tenant.resolve("server.crt"), server.certificatePem());
    write(tenant.resolve("server.key"), server.keyPem());
    String conf = Files.readString(home.resolve("instances/tenants/" + info.tenant() + "/redis.conf"));
    write(Path.of(directive(conf, "tls-cert-file")), server.certificatePem());
    write(Path.of(directive(conf, "tls-key-file")), server.keyPem());
    List<String> set = new java.util.ArrayList<>(List.of("CONFIG", "SET", "tls-cert-file",
        directive(conf, "tls-cert-file"), "tls-key-file", directive(conf, "tls-key-file")));
    if (clientCas != null) {
      write(Path.of(directive(conf, "tls-ca-cert-file")), clientCas);
      set.addAll(List.of("tls-ca-cert-file", directive(conf, "tls-ca-cert-file")));
    }
    try (RespConnection conn = RespConnection.open(info.endpoint(), Duration.ofSeconds(5), current)) {
      conn.auth("tenancy_admin", adminPassword(info.tenant()));
      conn.call(set.toArray(String[]::new));
    }
  }

  @Test
  void aTenantSetUpBeforePerTenantIdentitiesIsMigratedLiveOnOpen() throws Exception {
    tenancy.close();
    tenancy = detached(null);
    ConnectionInfo before = mutualTls("acme").connection();
    long pid = LocalTenancyIT.pid(tenancy.tenant("acme").orElseThrow());
    tenancy.close(); // detached: the instance keeps running
    IssuedCertificate legacyClient = makeLegacy(before);
    // as clients were set up before: verifying the address against the home CA, with a client certificate of it
    ConnectionInfo legacy = new ConnectionInfo("acme", before.endpoints(), before.username(),
        before.password()).withTls(Files.readString(home.resolve("tls/ca.crt")), legacyClient.certificatePem(),
        legacyClient.keyPem());
    assertThat(TlsProbe.ping(legacy, before.endpoint())).as("the old set-up: a home-wide client CA")
        .isEqualTo("PONG");

    RecordingListener events = new RecordingListener();
    tenancy = detached(events);
    Tenant acme = tenancy.tenant("acme").orElseThrow();
    Path marker = home.resolve("tls/tenants/acme/migrating");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!events.types("acme").contains(TenancyEvent.Type.CERTIFICATE_RENEWED) || Files.exists(marker)) {
      assertThat(System.nanoTime()).as("migrated within 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    ConnectionInfo after = acme.connection();
    assertThat(TlsProbe.ping(after, after.endpoint())).isEqualTo("PONG");
    assertThat(TlsProbe.servedSerial(after)).isEqualTo(acme.certificate().orElseThrow().serialNumber());
    assertThat(acme.certificate().orElseThrow().subjectAlternativeNames()).contains("DNS:" + after.serverName().orElseThrow());
    assertThatThrownBy(() -> TlsProbe.ping(legacy, legacy.endpoint())).as("the home-wide client certificate")
        .isInstanceOf(RedisConnectionException.class);
    assertThat(trustedClientCas("acme")).hasSize(1);
    assertThat(LocalTenancyIT.pid(acme)).as("live, no restart").isEqualTo(pid);
  }

  private RedisTenancy detached(RecordingListener events) {
    var builder = RedisTenancy.builder().home(home)
        .backend(Backends.local().lifecycle(Lifecycle.DETACHED).tcpPorts(FIRST_PORT, LAST_PORT));
    return (events == null ? builder : builder.listener(events)).build();
  }

  /**
   * Puts the tenant's files and running instance back to how they were before identities were per
   * tenant: a server certificate from the home CA without the server name, the home CA as the only CA
   * for client certificates, no client CA of its own. Returns a client certificate of that set-up.
   */
  private IssuedCertificate makeLegacy(ConnectionInfo info) throws Exception {
    Path tenant = home.resolve("tls/tenants/acme");
    Instant now = Instant.now();
    IssuedCertificate client = homeCa().issueClient("acme", now.minusSeconds(60), now.plus(Duration.ofDays(30)));
    write(tenant.resolve("client.crt"), client.certificatePem());
    write(tenant.resolve("client.key"), client.keyPem());
    load(info, homeCaServerCertificate("localhost"), Files.readString(home.resolve("tls/ca.crt")));
    for (String file : List.of("client-ca.crt", "client-ca.key", "admin.crt", "admin.key", "server-ca.crt",
        "server-ca.key")) {
      Files.delete(tenant.resolve(file));
    }
    return client;
  }

  private static void write(Path file, String text) throws IOException {
    io.redistenancy.internal.PrivateFiles.write(file, text);
  }

  private static String directive(String conf, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(conf);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }

  /** The library's admin client certificate for {@code tenant}, trusting its CAs for a server named {@code serverName}. */
  private SSLContext context(ConnectionInfo tenant, String serverName) throws IOException {
    Path dir = home.resolve("tls/tenants/" + tenant.tenant());
    IssuedCertificate admin = new IssuedCertificate(Pem.parseCertificates(Files.readString(dir.resolve("admin.crt"))).get(0),
        Pem.parsePrivateKey(Files.readString(dir.resolve("admin.key"))));
    return SslContexts.client(TenantServerTrust.of(() -> tenant.caPem().orElseThrow(), serverName), admin);
  }

  private String adminPassword(String tenant) throws Exception {
    String json = Files.readString(io.redistenancy.contract.StateFilesOnDisk.secrets(home, tenant));
    Matcher m = Pattern.compile("\"adminPassword\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(json);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The certificates in the file the tenant's redis.conf names as tls-ca-cert-file. */
  private List<X509Certificate> trustedClientCas(String tenant) throws IOException {
    String conf = Files.readString(home.resolve("instances/tenants/" + tenant + "/redis.conf"));
    return Pem.parseCertificates(Files.readString(Path.of(directive(conf, "tls-ca-cert-file"))));
  }
}
