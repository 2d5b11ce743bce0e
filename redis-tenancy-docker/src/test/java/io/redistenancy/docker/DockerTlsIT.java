package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RedisCli;
import io.redistenancy.contract.TlsProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A mutual-TLS tenant in a container on a real engine: real handshakes, and a live certificate renewal. */
class DockerTlsIT {
  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  @Test
  void aMutualTlsTenantAnswersOverTlsOnlyAndRenewsLive() throws Exception {
    try (RedisTenancy tenancy = RedisTenancy.builder().home(temp.resolve("home"))
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", 48000, 48049)).build()) {
      Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
      try {
        ConnectionInfo info = acme.connection();
        assertThat(info.endpoints()).singleElement().satisfies(e -> assertThat(e.isTls()).isTrue());
        try (var conn = acme.connect()) {
          conn.sync().set("k", "v");
          assertThat(conn.sync().get("k")).isEqualTo("v");
        }
        Path handover = temp.resolve("handover");
        acme.handover().writeTo(handover);
        assertThat(RedisCli.ping(info, "--tls", "--cacert", handover.resolve("acme-ca.crt").toString(),
            "--cert", handover.resolve("acme-client.crt").toString(),
            "--key", handover.resolve("acme-client.key").toString())).isEqualTo("PONG");
        assertThat(RedisCli.ping(info, "--tls", "--cacert", handover.resolve("acme-ca.crt").toString()))
            .as("no client certificate").doesNotContain("PONG");
        assertThat(RedisCli.ping(info)).as("plaintext").doesNotContain("PONG");

        assertNoSecretInTheContainer(info, java.nio.file.Files.readString(temp.resolve("home/tls/tenants/acme/server.key")));

        String renewed = acme.renewCertificate().serialNumber();
        assertThat(TlsProbe.servedSerial(info)).as("reloaded in the container, no restart").isEqualTo(renewed);
        try (var conn = acme.connect()) {
          assertThat(conn.sync().get("k")).isEqualTo("v");
        }
      } finally {
        acme.delete(Deletion.PURGE);
      }
    }
  }

  /** The snapshot stream and the restore's admin commands reach the container over TLS (no plaintext port). */
  @Test
  void aTlsOnlyTenantIsBackedUpChangedAndRestored() {
    try (RedisTenancy tenancy = RedisTenancy.builder().home(temp.resolve("home"))
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", 48050, 48059)).build()) {
      Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
      try {
        try (var conn = acme.connect()) {
          for (int i = 0; i < 100; i++) {
            conn.sync().set("k" + i, "backed-up");
          }
        }
        io.redistenancy.Backup backup = acme.backups().create();
        assertThat(backup.keys()).isEqualTo(100);
        try (var conn = acme.connect()) {
          conn.sync().set("k1", "changed");
          conn.sync().set("new", "after the backup");
        }
        acme.backups().restore(backup);
        try (var conn = acme.connect()) {
          assertThat(conn.sync().get("k1")).isEqualTo("backed-up");
          assertThat(conn.sync().exists("new")).isZero();
          assertThat(conn.sync().dbsize()).isEqualTo(100);
        }
      } finally {
        acme.delete(Deletion.PURGE);
      }
    }
  }

  /** The container's environment, command, labels and log hold neither the password nor a line of the key. */
  private void assertNoSecretInTheContainer(ConnectionInfo info, String keyPem) {
    var containers = engine.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(java.util.Map.of("io.redistenancy.tenant", "acme")).exec();
    assertThat(containers).isNotEmpty();
    List<String> secrets = new ArrayList<>(List.of(info.password()));
    (keyPem + info.clientKeyPem().orElseThrow()).lines().filter(l -> !l.startsWith("-----")).forEach(secrets::add);
    for (var c : containers) {
      var inspected = engine.client().inspectContainerCmd(c.getId()).exec();
      String exposed = String.join("\n", inspected.getConfig().getEnv() == null ? new String[0] : inspected.getConfig().getEnv())
          + "\n" + String.join(" ", inspected.getConfig().getCmd()) + "\n" + inspected.getConfig().getLabels()
          + "\n" + String.join(" ", inspected.getConfig().getEntrypoint() == null ? new String[0] : inspected.getConfig().getEntrypoint());
      for (String secret : secrets) {
        assertThat(exposed).doesNotContain(secret);
      }
    }
  }
}
