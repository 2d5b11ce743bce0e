package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.ServerTls;
import io.redistenancy.SharedServers;
import io.redistenancy.Tenant;
import io.redistenancy.internal.tls.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared servers reached over TLS with certificates of their own: real redis-servers with a test
 * CA's certificate, a replica that replicates over TLS, real handshakes by the library and Lettuce.
 */
class SharedTlsIT {
  @TempDir
  Path root;
  private TlsTestServers tls;
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    tls = TlsTestServers.create(root);
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(RedisTenancy::close);
    tls.close();
  }

  private RedisTenancy open(SharedServers backend) throws Exception {
    RedisTenancy tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-"))
        .backend(backend.admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD).timeout(Duration.ofSeconds(2))).build();
    opened.add(tenancy);
    return tenancy;
  }

  @Test
  void aTenantOnATlsServerAndItsReplicaIsReachedOverTls() throws Exception {
    TlsTestServers.TlsServer master = tls.start("no");
    TlsTestServers.TlsServer replica = tls.start("no", "replicaof 127.0.0.1 " + master.tlsPort(),
        "tls-replication yes");
    awaitReplicaLink(master.redis());

    Tenant acme = open(Backends.sharedServers().server("127.0.0.1", master.tlsPort(), ServerTls.trusting(tls.caPem())))
        .create("acme").apply();
    ConnectionInfo info = acme.connection();
    assertThat(info.endpoint()).isEqualTo(Endpoint.tls("127.0.0.1", master.tlsPort()));
    assertThat(info.usesTls()).isTrue();
    try (var conn = acme.connect()) {
      conn.sync().set("over", "tls");
    }
    assertThat(TlsTestServers.getAsApplication(info, "over")).isEqualTo("tls");
    assertThat(acme.status().keys()).isEqualTo(1);
    assertThat(master.redis().adminCall("GET", "acme:over")).isEqualTo("tls");
    assertThat(replica.redis().adminCall("ACL", "GETUSER", "acme"))
        .as("the tenant's user was applied to the replica, found by ROLE and reached over TLS").isNotNull();

    acme.delete(io.redistenancy.Deletion.PURGE);
    assertThat(master.redis().adminCall("ACL", "GETUSER", "acme")).isNull();
    assertThat(master.redis().adminCall("EXISTS", "acme:over")).isEqualTo(0L);
  }

  @Test
  void aServerRequiringClientCertificatesGetsTheConfiguredOne() throws Exception {
    TlsTestServers.TlsServer mutual = tls.start("yes");
    assertThatThrownBy(() -> open(Backends.sharedServers()
        .server("127.0.0.1", mutual.tlsPort(), ServerTls.trusting(tls.caPem()))))
        .as("no client certificate").isInstanceOf(BackendUnavailableException.class);

    IssuedCertificate cert = tls.clientCertificate("ops client");
    ServerTls withCertificate = ServerTls.trusting(tls.caPem()).clientCertificate(cert.certificatePem(), cert.keyPem());
    Tenant acme = open(Backends.sharedServers().server("127.0.0.1", mutual.tlsPort(), withCertificate))
        .create("acme").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
    }
    assertThat(acme.connection().clientCertificatePem()).contains(cert.certificatePem());
    assertThat(mutual.redis().adminCall("GET", "acme:k")).isEqualTo("v");
  }

  @Test
  void aTenantOnATlsServerIsBackedUpAndRestoredOverTls() throws Exception {
    TlsTestServers.TlsServer server = tls.start("no");
    RedisTenancy tenancy = open(Backends.sharedServers()
        .server("127.0.0.1", server.tlsPort(), ServerTls.trusting(tls.caPem())));
    Tenant acme = tenancy.create("acme").apply();
    tenancy.create("globex").apply();
    server.redis().adminCall("SET", "acme:a", "1");
    server.redis().adminCall("SET", "globex:g", "theirs");
    Backup backup = acme.backups().create();
    assertThat(backup.keys()).as("acme's keys only").isEqualTo(1);

    server.redis().adminCall("SET", "acme:a", "changed");
    server.redis().adminCall("SET", "acme:new", "after");
    server.redis().adminCall("SET", "globex:g", "changed later");
    acme.backups().restore(backup);
    assertThat(server.redis().adminCall("GET", "acme:a")).isEqualTo("1");
    assertThat(server.redis().adminCall("EXISTS", "acme:new")).isEqualTo(0L);
    assertThat(server.redis().adminCall("GET", "globex:g")).as("another tenant's keys are left alone")
        .isEqualTo("changed later");
  }

  @Test
  void aServerWhoseCertificateComesFromAnotherCaIsRefused() throws Exception {
    TlsTestServers.TlsServer server = tls.start("no");
    TlsTestServers other = TlsTestServers.create(Files.createDirectories(root.resolve("other")));
    assertThatThrownBy(() -> open(Backends.sharedServers()
        .server("127.0.0.1", server.tlsPort(), ServerTls.trusting(other.caPem()))))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("tls:127.0.0.1:" + server.tlsPort());
  }

  /** Waits until the master lists the replica as online (what its ROLE reply then shows). */
  private static void awaitReplicaLink(TestRedis master) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!master.adminCall("INFO", "replication").toString().contains("state=online")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the replica did not connect to its master over TLS: "
            + master.adminCall("INFO", "replication"));
      }
      Thread.sleep(20);
    }
  }
}
