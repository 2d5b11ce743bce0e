package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RedisCli;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.contract.TlsProbe;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS tenants on the local backend, with real handshakes: Lettuce, redis-cli and the library's own client. */
class TlsIT {
  static final int FIRST_PORT = 46100;
  static final int LAST_PORT = 46199;

  private Path home;
  private Path handover;
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void home() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-tls-");
    handover = home.resolve("handover");
  }

  @AfterEach
  void cleanUp() {
    opened.forEach(RedisTenancy::close);
    try (RedisTenancy last = open(Clock.systemUTC())) {
      last.tenants().forEach(t -> t.delete(Deletion.PURGE));
    }
    TestFiles.deleteQuietly(home);
  }

  private RedisTenancy open(Clock clock) {
    return open(clock, Lifecycle.ATTACHED);
  }

  private RedisTenancy open(Clock clock, Lifecycle lifecycle) {
    return RedisTenancy.builder().home(home).clock(clock)
        .backend(Backends.local().lifecycle(lifecycle).tcpPorts(FIRST_PORT, LAST_PORT)).build();
  }

  private RedisTenancy track(RedisTenancy tenancy) {
    opened.add(tenancy);
    return tenancy;
  }

  /** A Lettuce client of its own with the TLS options of {@code info}, as an application would build it. */
  private static String ping(ConnectionInfo info) {
    return TlsProbe.ping(info, info.endpoint());
  }

  @Test
  void tlsOnlyTenantsAnswerLettuceAndRedisCliOverTlsAndRefusePlaintext() throws Exception {
    RedisTenancy tenancy = track(open(Clock.systemUTC()));
    Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).apply();
    ConnectionInfo info = acme.connection();
    Endpoint endpoint = info.endpoint();
    assertThat(info.endpoints()).containsExactly(endpoint);
    assertThat(endpoint.isTls()).isTrue();
    assertThat(info.url()).startsWith("rediss://");
    assertThat(info.redisUri().isSsl()).isTrue();

    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
      assertThat(conn.sync().get("k")).isEqualTo("v");
    }
    assertThat(ping(info)).isEqualTo("PONG");

    String conf = Files.readString(home.resolve("instances/tenants/acme/redis.conf"));
    // the port is given at run time (atomically, over the socket only the library's user can open), never
    // by the file: a restart can then never be beaten to it
    assertThat(conf).contains("port 0\n", "tls-port 0\n", "tls-protocols \"TLSv1.2 TLSv1.3\"\n",
        "tls-auth-clients no\n", "unixsocket " + home.resolve("instances/run/acme.sock") + "\n",
        "unixsocketperm 600\n");

    List<Path> files = acme.handover().writeTo(handover);
    Path ca = handover.resolve("acme-ca.crt");
    assertThat(files).contains(ca);
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readString(handover.resolve("acme.env"))).contains("REDIS_TLS_CA_FILE=acme-ca.crt\n",
        "REDIS_URL=rediss://", "REDIS_TLS=yes\n", "REDIS_TLS_SERVER_NAME=" + info.serverName().orElseThrow() + "\n");
    assertThat(Files.readString(handover.resolve("acme.json"))).contains("\"tls\" : true", "\"caFile\" : \"acme-ca.crt\"",
        "\"serverName\" : \"" + info.serverName().orElseThrow() + "\"");
    assertThat(RedisCli.ping(info, "--tls", "--cacert", ca.toString())).isEqualTo("PONG");

    assertThat(RedisCli.ping(info)).as("plaintext redis-cli").doesNotContain("PONG");
    assertThatThrownBy(() -> {
      try (RespConnection plain = RespConnection.open(Endpoint.tcp(endpoint.host().orElseThrow(), endpoint.port()),
          Duration.ofSeconds(5))) {
        plain.auth("acme", info.password());
      }
    }).as("plaintext on the TLS port").isInstanceOf(IOException.class);
  }

  @Test
  void tlsWithoutATcpPortRangeIsRefusedAndLeavesNothingBehind() throws Exception {
    RedisTenancy tenancy = track(RedisTenancy.builder().home(home).backend(Backends.local()).build());
    assertThatThrownBy(() -> tenancy.create("acme").access(Access.TLS_ONLY).apply())
        .isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessageContaining("cannot have access TLS_ONLY: the local backend serves no TLS")
        .hasMessageContaining("tcpPorts(first, last)");
    assertThat(tenancy.tenants()).isEmpty();
    assertThat(home.resolve("tls/tenants/acme")).doesNotExist();
    assertThat(home.resolve("instances/tenants/acme")).doesNotExist();
    assertThat(home.resolve("secrets/acme.json")).doesNotExist();
  }

  @Test
  void deletingATlsTenantRemovesItsCertificates() {
    RedisTenancy tenancy = track(open(Clock.systemUTC()));
    Tenant acme = tenancy.create("acme").access(Access.DUAL).clientAuth(ClientAuth.OPTIONAL).apply();
    assertThat(acme.connection().endpoints()).extracting(Endpoint::isUnixSocket).containsExactly(true, false);
    assertThat(home.resolve("tls/tenants/acme/server.key")).exists();
    acme.delete(Deletion.PURGE);
    assertThat(home.resolve("tls/tenants/acme")).doesNotExist();
  }

  @Test
  void aClientTrustingAnotherCaIsRefused() throws Exception {
    RedisTenancy tenancy = track(open(Clock.systemUTC()));
    Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).apply();
    Instant now = Instant.now();
    String otherCa = CertificateAuthority.create("another CA", now.minusSeconds(60), now.plus(Duration.ofDays(1)))
        .issued().certificatePem();
    ConnectionInfo wrongTrust = acme.connection().withTls(otherCa, null, null);
    assertThatThrownBy(() -> ping(wrongTrust)).isInstanceOf(RedisConnectionException.class);
    Path other = handover.resolve("other-ca.crt");
    Files.createDirectories(handover);
    Files.writeString(other, otherCa);
    assertThat(RedisCli.ping(acme.connection(), "--tls", "--cacert", other.toString())).doesNotContain("PONG");
  }

  @Test
  void anExpiredServerCertificateIsRefusedByAVerifyingClient() throws Exception {
    try (RedisTenancy tenancy = open(Clock.systemUTC())) {
      tenancy.create("acme").access(Access.TLS_ONLY).apply();
    }
    // a tenancy whose clock is 400 days behind issues a 1-year certificate that ended 35 days ago;
    // detached, so the instance keeps serving it after this tenancy closes
    RedisTenancy past = track(open(Clock.offset(Clock.systemUTC(), Duration.ofDays(-400)), Lifecycle.DETACHED));
    Tenant acme = past.tenant("acme").orElseThrow();
    acme.renewCertificate();
    assertThat(acme.certificate().orElseThrow().notAfter()).isBefore(Instant.now().minus(Duration.ofDays(30)));

    ConnectionInfo info = acme.connection();
    assertThatThrownBy(() -> ping(info)).isInstanceOf(RedisConnectionException.class)
        .hasRootCauseInstanceOf(java.security.cert.CertificateExpiredException.class);
    acme.handover().writeTo(handover);
    assertThat(RedisCli.ping(info, "--tls", "--cacert", handover.resolve("acme-ca.crt").toString())).doesNotContain("PONG");

    past.close();
    RedisTenancy now = track(open(Clock.systemUTC(), Lifecycle.DETACHED));
    Tenant renewed = now.tenant("acme").orElseThrow();
    assertThatThrownBy(() -> ping(renewed.connection())).as("still the ended certificate")
        .isInstanceOf(RedisConnectionException.class);
    renewed.renewCertificate(); // the ended certificate is replaced with a restart
    assertThat(ping(renewed.connection())).isEqualTo("PONG");
  }

  @Test
  void mutualTlsRefusesClientsWithoutACertificateOrWithAServerOnlyOne() throws Exception {
    RedisTenancy tenancy = track(open(Clock.systemUTC()));
    Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
    ConnectionInfo info = acme.connection();
    assertThat(info.clientCertificatePem()).isPresent();
    assertThat(info.toString()).doesNotContain(info.clientKeyPem().orElseThrow().lines().skip(1).findFirst().orElseThrow());
    try (var conn = acme.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
    assertThat(ping(info)).isEqualTo("PONG");
    acme.handover().writeTo(handover);
    assertThat(RedisCli.ping(info, "--tls", "--cacert", handover.resolve("acme-ca.crt").toString(),
        "--cert", handover.resolve("acme-client.crt").toString(), "--key", handover.resolve("acme-client.key").toString()))
        .isEqualTo("PONG");
    assertThat(Files.readString(handover.resolve("acme.env"))).contains("REDIS_TLS_CERT_FILE=", "REDIS_TLS_KEY_FILE=");

    ConnectionInfo noCertificate = info.withTls(info.caPem().orElseThrow(), null, null);
    assertThatThrownBy(() -> ping(noCertificate)).isInstanceOf(RedisException.class);
    assertThat(RedisCli.ping(info, "--tls", "--cacert", handover.resolve("acme-ca.crt").toString())).doesNotContain("PONG");

    // the tenant's own server certificate: issued by the right CA, but for serverAuth only
    Path serverDir = home.resolve("tls/tenants/acme");
    ConnectionInfo serverOnly = info.withTls(info.caPem().orElseThrow(), Files.readString(serverDir.resolve("server.crt")),
        Files.readString(serverDir.resolve("server.key")));
    assertThatThrownBy(() -> ping(serverOnly)).isInstanceOf(RedisException.class);
  }
}
