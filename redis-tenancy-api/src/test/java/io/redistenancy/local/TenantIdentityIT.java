package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RedisCli;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.contract.TlsProbe;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.Pem;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.internal.tls.TenantServerTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

    // acme's connection settings, but the port is globex's: globex's instance shows its own certificate,
    // from the same CA, naming the same addresses
    Endpoint globexPort = globex.endpoint();
    ConnectionInfo acmeToGlobex = new ConnectionInfo("acme", List.of(globexPort), acme.username(), acme.password())
        .withTls(acme.caPem().orElseThrow(), acme.clientCertificatePem().orElseThrow(), acme.clientKeyPem().orElseThrow())
        .withServerName(acme.serverName().orElseThrow());
    assertThatThrownBy(() -> TlsProbe.ping(acmeToGlobex, globexPort)).isInstanceOf(RedisConnectionException.class)
        .hasRootCauseInstanceOf(CertificateException.class).hasStackTraceContaining("does not name " + acme.serverName().get());

    // the library's admin context for acme, on globex's port: refused before any password is sent
    assertThatThrownBy(() -> {
      try (RespConnection conn = RespConnection.open(globexPort, Duration.ofSeconds(5), context(acme,
          acme.serverName().orElseThrow()))) {
        conn.auth("tenancy_admin", adminPassword("acme"));
      }
    }).isInstanceOf(IOException.class).hasStackTraceContaining("does not name " + acme.serverName().get());
    try (RespConnection conn = RespConnection.open(acme.endpoint(), Duration.ofSeconds(5), context(acme,
        acme.serverName().orElseThrow()))) {
      conn.auth("tenancy_admin", adminPassword("acme"));
      assertThat(conn.call("PING")).isEqualTo("PONG");
    }
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
    Matcher m = Pattern.compile("(?m)^tls-ca-cert-file (\\S+)$").matcher(conf);
    assertThat(m.find()).isTrue();
    return Pem.parseCertificates(Files.readString(Path.of(m.group(1))));
  }
}
