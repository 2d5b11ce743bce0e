package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.CaRotationStep;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RenewalReport;
import io.redistenancy.Tenant;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.tls.Pem;
import io.redistenancy.internal.tls.SslContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The home's CA is replaced step by step on running tenants: clients holding the old handover keep
 * working until the old CA is dropped, a continuously writing client never fails, nothing restarts.
 */
class CaRotationIT {
  private Path home;
  private RedisTenancy tenancy;
  private final List<RedisClient> clients = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-ca-");
    tenancy = RedisTenancy.builder().home(home)
        .backend(Backends.local().tcpPorts(TlsIT.FIRST_PORT + 80, TlsIT.LAST_PORT)).build();
  }

  @AfterEach
  void cleanUp() {
    clients.forEach(RedisClient::shutdown);
    tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    tenancy.close();
    TestFiles.deleteQuietly(home);
  }

  private boolean works(ConnectionInfo info) {
    RedisClient client = RedisClient.create();
    clients.add(client);
    client.setOptions(ClientOptions.builder().sslOptions(info.sslOptions()).build());
    try (var conn = client.connect(info.redisUri())) {
      return "PONG".equals(conn.sync().ping());
    } catch (RedisException e) {
      return false;
    }
  }

  @Test
  void bothCasAreTrustedDuringTheRotationAndAWriterNeverFails() throws Exception {
    Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).apply();
    Tenant mutual = tenancy.create("mutual").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
    tenancy.create("plain").apply();
    long pid = LocalTenancyIT.pid(acme);
    ConnectionInfo oldAcme = acme.connection();
    ConnectionInfo oldMutual = mutual.connection();
    assertThatThrownBy(() -> tenancy.rotateCertificateAuthority(CaRotationStep.ISSUE_FROM_NEW, p -> { }))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("the next step is TRUST_NEW");

    try (RotationIT.Writer writer = new RotationIT.Writer(mutual)) {
      RenewalReport trust = tenancy.rotateCertificateAuthority(CaRotationStep.TRUST_NEW, p -> { });
      assertThat(trust.renewed()).containsExactly("acme", "mutual");
      assertThat(trust.unchanged()).containsExactly("plain");
      assertThat(Pem.parseCertificates(acme.connection().caPem().orElseThrow())).hasSize(2);
      assertThat(works(oldAcme)).as("old handover, server still on the old CA").isTrue();
      killClients(mutual);
      writer.awaitMore(100);

      ConnectionInfo bothAcme = acme.connection();
      tenancy.rotateCertificateAuthority(CaRotationStep.ISSUE_FROM_NEW, p -> { });
      assertThat(works(oldAcme)).as("trusting only the old CA, after servers moved to the new one").isFalse();
      assertThat(works(bothAcme)).as("the handover given out at TRUST_NEW").isTrue();
      assertThat(works(mutual.connection())).isTrue();
      ConnectionInfo oldClientCertificate = mutual.connection().withTls(mutual.connection().caPem().orElseThrow(),
          oldMutual.clientCertificatePem().orElseThrow(), oldMutual.clientKeyPem().orElseThrow());
      assertThat(works(oldClientCertificate)).as("a client certificate of the old CA, still trusted").isTrue();
      killClients(mutual);
      writer.awaitMore(100);

      tenancy.rotateCertificateAuthority(CaRotationStep.DROP_OLD, p -> { });
      assertThat(Pem.parseCertificates(acme.connection().caPem().orElseThrow())).hasSize(1);
      assertThat(works(oldClientCertificate)).as("a client certificate of the dropped CA").isFalse();
      assertThat(works(mutual.connection())).isTrue();
      assertThat(works(acme.connection())).isTrue();
      killClients(mutual);
      writer.awaitMore(100);
      writer.stop();
      assertThat(writer.failures).isEmpty();
      writer.assertNothingLost(mutual);
    }
    assertThat(LocalTenancyIT.pid(acme)).as("no restart").isEqualTo(pid);
  }

  /** Disconnects the tenant's clients as the library's admin user, over TLS with the admin certificate. */
  private void killClients(Tenant tenant) throws Exception {
    String json = Files.readString(io.redistenancy.contract.StateFilesOnDisk.secrets(home, tenant.name()));
    Matcher m = Pattern.compile("\"adminPassword\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(json);
    assertThat(m.find()).isTrue();
    var admin = new io.redistenancy.internal.tls.IssuedCertificate(
        Pem.parseCertificates(Files.readString(home.resolve("tls/tenants/" + tenant.name() + "/admin.crt"))).get(0),
        Pem.parsePrivateKey(Files.readString(home.resolve("tls/tenants/" + tenant.name() + "/admin.key"))));
    ConnectionInfo info = tenant.connection();
    var context = SslContexts.client(io.redistenancy.internal.tls.TenantServerTrust.of(() -> info.caPem().orElseThrow(),
        info.serverName().orElseThrow()), admin);
    try (RespConnection conn = RespConnection.open(tenant.connection().endpoint(), Duration.ofSeconds(5), context)) {
      conn.auth("tenancy_admin", m.group(1));
      assertThat((Long) conn.call("CLIENT", "KILL", "USER", tenant.name())).isPositive();
    }
  }
}
