package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Backup;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.ServerTls;
import io.redistenancy.Tenant;
import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registered servers that speak TLS with certificates of their own: a real redis-server started with
 * a test CA's certificate (naming 127.0.0.1, not 127.0.0.2), real handshakes by the library and Lettuce.
 */
class RegisteredTlsIT {
  @TempDir
  Path root;
  private TlsTestServers tls;
  private TestRedis server;
  private int tlsPort;
  private String caPem;
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    tls = TlsTestServers.create(root);
    caPem = tls.caPem();
    TlsTestServers.TlsServer started = tls.start("no");
    server = started.redis();
    tlsPort = started.tlsPort();
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(RedisTenancy::close);
    tls.close();
  }

  private RedisTenancy open(String host, ServerTls tls) throws Exception {
    return open(host, tlsPort, tls);
  }

  private RedisTenancy open(String host, int port, ServerTls serverTls) throws Exception {
    RedisTenancy tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-"))
        .backend(Backends.registeredServers()
            .register("acme", host, port, TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD, serverTls)
            .timeout(Duration.ofSeconds(2)))
        .build();
    opened.add(tenancy);
    return tenancy;
  }

  @Test
  void aTlsServerTrustingItsCaIsATenantOverTls() throws Exception {
    Tenant acme = open("127.0.0.1", ServerTls.trusting(caPem)).create("acme").apply();
    ConnectionInfo info = acme.connection();
    assertThat(info.endpoint()).isEqualTo(Endpoint.tls("127.0.0.1", tlsPort));
    assertThat(info.usesTls()).isTrue();
    assertThat(info.caPem()).contains(caPem);

    try (var conn = acme.connect()) {
      conn.sync().set("over", "tls");
    }
    assertThat(acme.status().keys()).isEqualTo(1);
    assertThat(TlsTestServers.getAsApplication(info, "over")).isEqualTo("tls");
    List<Path> files = acme.handover().writeTo(root.resolve("handover"));
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("acme-ca.crt");
    assertThat(Files.readString(root.resolve("handover/acme-ca.crt"))).isEqualTo(caPem);
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).as("the tenant user was made over TLS").isNotNull();
  }

  @Test
  void aServerWhoseCertificateComesFromAnotherCaIsRefusedAndNothingIsLeft() throws Exception {
    Instant now = Instant.now();
    String otherCa = CertificateAuthority.create("another CA", now.minusSeconds(60), now.plus(Duration.ofDays(1)))
        .issued().certificatePem();
    RedisTenancy tenancy = open("127.0.0.1", ServerTls.trusting(otherCa));
    assertThatThrownBy(() -> tenancy.create("acme").apply()).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("tls:127.0.0.1:" + tlsPort).hasMessageContaining("SSLHandshakeException");
    assertThat(tenancy.tenants()).isEmpty();
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).isNull();
  }

  @Test
  void theJvmsDefaultTrustDoesNotTrustATestCa() throws Exception {
    RedisTenancy tenancy = open("127.0.0.1", ServerTls.defaultTrust());
    assertThatThrownBy(() -> tenancy.create("acme").apply()).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("SSLHandshakeException");
    assertThat(tenancy.tenants()).isEmpty();
  }

  @Test
  void aCertificateNotNamingTheHostIsRefusedUnlessHostNameCheckingIsOff() throws Exception {
    assertThatThrownBy(() -> open("127.0.0.2", ServerTls.trusting(caPem)).create("acme").apply())
        .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("127.0.0.2");

    Tenant acme = open("127.0.0.2", ServerTls.trusting(caPem).verifyHostName(false)).create("acme").apply();
    try (var conn = acme.connect()) { // Lettuce with verifyPeer CA: the chain, not the name
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }

  @Test
  void aServerRequiringClientCertificatesIsReachedWithTheRegisteredOne() throws Exception {
    TlsTestServers.TlsServer mutualServer = tls.start("yes");
    TestRedis mutual = mutualServer.redis();
    int port = mutualServer.tlsPort();
    RedisTenancy without = open("127.0.0.1", port, ServerTls.trusting(caPem));
    assertThatThrownBy(() -> without.create("acme").apply()).as("no client certificate")
        .isInstanceOf(BackendUnavailableException.class);
    assertThat(mutual.adminCall("ACL", "GETUSER", "acme")).isNull();

    IssuedCertificate clientCert = tls.clientCertificate("ops client");
    ServerTls withCertificate = ServerTls.trusting(caPem)
        .clientCertificate(clientCert.certificatePem(), clientCert.keyPem());
    assertThat(withCertificate.toString()).doesNotContain("BEGIN").contains("key ****");
    Tenant acme = open("127.0.0.1", port, withCertificate).create("acme").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("mutual", "yes");
    }
    ConnectionInfo info = acme.connection();
    assertThat(info.clientCertificatePem()).contains(clientCert.certificatePem());
    assertThat(TlsTestServers.getAsApplication(info, "mutual")).isEqualTo("yes");
    acme.handover().writeTo(root.resolve("mutual-handover"));
    assertThat(Files.readString(root.resolve("mutual-handover/acme-client.key"))).isEqualTo(clientCert.keyPem());
    assertThat(Files.getPosixFilePermissions(root.resolve("mutual-handover/acme-client.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aTlsServerIsBackedUpAndRestoredOverTlsEvenWithMutualTls() throws Exception {
    TlsTestServers.TlsServer mutual = tls.start("yes");
    IssuedCertificate clientCert = tls.clientCertificate("ops client");
    Tenant acme = open("127.0.0.1", mutual.tlsPort(), ServerTls.trusting(caPem)
        .clientCertificate(clientCert.certificatePem(), clientCert.keyPem())).create("acme").apply();
    for (int i = 0; i < 700; i++) { // more than one MIGRATE batch
      mutual.redis().adminCall("SET", "k" + i, "v" + i);
    }
    Backup backup = acme.backups().create();
    assertThat(backup.keys()).isEqualTo(700);
    assertThat(acme.backups().verify(backup).valid()).isTrue();

    mutual.redis().adminCall("DEL", "k1");
    mutual.redis().adminCall("SET", "k2", "changed");
    mutual.redis().adminCall("SET", "added", "after");
    acme.backups().restore(backup); // the scratch server's MIGRATE runs over TLS with the client certificate
    assertThat(mutual.redis().adminCall("GET", "k1")).isEqualTo("v1");
    assertThat(mutual.redis().adminCall("GET", "k2")).isEqualTo("v2");
    assertThat(mutual.redis().adminCall("EXISTS", "added")).isEqualTo(0L);
    assertThat(mutual.redis().adminCall("DBSIZE")).isEqualTo(700L);
  }

  @Test
  void badRegistrationsAreRefused() {
    assertThatThrownBy(() -> ServerTls.trusting("not a certificate")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("caPem holds no PEM certificate");
    assertThat(ServerTls.trusting(caPem).toString()).doesNotContain("BEGIN");

    IssuedCertificate one = tls.clientCertificate("one");
    IssuedCertificate other = tls.clientCertificate("other");
    assertThatThrownBy(() -> ServerTls.trusting(caPem).clientCertificate(one.certificatePem(), other.keyPem()))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("keyPem is not the key of the client "
            + "certificate CN=one");
    assertThatThrownBy(() -> ServerTls.trusting(caPem).clientCertificate(one.certificatePem(), "no key"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("keyPem is not a valid client key: expected one PKCS#8 PRIVATE KEY block, found 0");
    assertThatThrownBy(() -> ServerTls.trusting(caPem).clientCertificate("no certificate", one.keyPem()))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("certificatePem holds no PEM certificate");
  }
}
