package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.redistenancy.BackendUnavailableException;
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
  private TestRedis server;
  private int tlsPort;
  private String caPem;
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Instant now = Instant.now();
    CertificateAuthority ca = CertificateAuthority.create("registered test CA", now.minusSeconds(60),
        now.plus(Duration.ofDays(1)));
    IssuedCertificate cert = ca.issueServer("redis", List.of("localhost"), List.of("127.0.0.1"),
        now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    caPem = ca.issued().certificatePem();
    Path tls = Files.createDirectories(root.resolve("tls"));
    Files.writeString(tls.resolve("ca.crt"), caPem);
    Files.writeString(tls.resolve("server.crt"), cert.certificatePem());
    Files.writeString(tls.resolve("server.key"), cert.keyPem());
    tlsPort = TestRedis.freePort();
    server = TestRedis.start(root, true, List.of("bind 127.0.0.1 127.0.0.2", "tls-port " + tlsPort,
        "tls-cert-file " + tls.resolve("server.crt"), "tls-key-file " + tls.resolve("server.key"),
        "tls-ca-cert-file " + tls.resolve("ca.crt"), "tls-auth-clients no"));
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(RedisTenancy::close);
    server.close();
  }

  private RedisTenancy open(String host, ServerTls tls) throws Exception {
    RedisTenancy tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-"))
        .backend(Backends.registeredServers()
            .register("acme", host, tlsPort, TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD, tls)
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
    RedisClient client = RedisClient.create(); // as an application builds it from the connection info
    try {
      client.setOptions(ClientOptions.builder().sslOptions(info.sslOptions()).build());
      try (var conn = client.connect(info.redisUri())) {
        assertThat(conn.sync().get("over")).isEqualTo("tls");
      }
    } finally {
      client.shutdown();
    }
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
  void badRegistrationsAreRefused() {
    assertThatThrownBy(() -> ServerTls.trusting("not a certificate")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("caPem holds no PEM certificate");
    assertThat(ServerTls.trusting(caPem).toString()).doesNotContain("BEGIN");
  }
}
