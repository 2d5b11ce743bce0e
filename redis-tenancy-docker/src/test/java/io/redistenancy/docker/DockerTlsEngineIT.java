package io.redistenancy.docker;

import static io.redistenancy.docker.DockerTestSupport.assumeAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote engine over TLS ({@code dockerd --tlsverify} on a TCP port, a private second dockerd with
 * certificates made by openssl): the backend reaches it with {@code dockerTls(dir)}, and is refused
 * without a client certificate or with one from another CA.
 */
class DockerTlsEngineIT {
  @TempDir
  Path tmp;

  @Test
  void aTlsEngineIsReachedWithClientCertificatesOnly() throws Exception {
    PrivateDockerd.assumeUsable();
    assumeAvailable(run(tmp, "command -v openssl >/dev/null") ? null : "no openssl to make the engine's certificates");
    Path engineCerts = certificates(tmp.resolve("engine"));
    Path clientCerts = tmp.resolve("engine/client");
    Path strangerCerts = certificates(tmp.resolve("stranger")).resolve("client");
    int port = freePort();
    String host = "tcp://127.0.0.1:" + port;
    List<String> tls = List.of("--host", host, "--tlsverify", "--tlscacert", engineCerts.resolve("ca.pem").toString(),
        "--tlscert", engineCerts.resolve("server-cert.pem").toString(),
        "--tlskey", engineCerts.resolve("server-key.pem").toString());

    try (PrivateDockerd dockerd = PrivateDockerd.start(DockerTestSupport.image(), tls)) {
      try (RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("home"))
          .backend(DockerBackends.docker().image(DockerTestSupport.image()).dockerHost(host).dockerTls(clientCerts))
          .build()) {
        Tenant acme = tenancy.create("acme").apply();
        try (var conn = acme.connect()) {
          conn.sync().set("k", "over a TLS engine");
          assertThat(conn.sync().get("k")).isEqualTo("over a TLS engine");
        }
        acme.delete(Deletion.PURGE);
      }
      assertThatThrownBy(() -> RedisTenancy.builder().home(tmp.resolve("plain"))
          .backend(DockerBackends.docker().image(DockerTestSupport.image()).dockerHost(host)).build())
          .as("no client certificate").isInstanceOf(BackendUnavailableException.class).hasMessageContaining(host);
      assertThatThrownBy(() -> RedisTenancy.builder().home(tmp.resolve("stranger"))
          .backend(DockerBackends.docker().image(DockerTestSupport.image()).dockerHost(host).dockerTls(strangerCerts))
          .build())
          .as("a client certificate from another CA").isInstanceOf(BackendUnavailableException.class);
      assertThat(tmp.resolve("plain")).as("no home left by a tenancy that could not open").doesNotExist();
    }
  }

  @Test
  void aCertificateDirectoryWithoutTheFilesIsRefusedByName() throws IOException {
    Files.writeString(tmp.resolve("ca.pem"), "");
    assertThatThrownBy(() -> DockerBackends.docker().dockerTls(tmp))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(tmp.toString()).hasMessageContaining("cert.pem, key.pem");
  }

  /** A CA, a server certificate for 127.0.0.1 and a client certificate (in {@code dir/client}, Docker's layout). */
  private static Path certificates(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("client"));
    String script = String.join(" && ",
        "cd \"$0\"",
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=test-engine-ca",
        "openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1",
        "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2"
            + " -extfile server.ext",
        "openssl req -newkey rsa:2048 -nodes -keyout client/key.pem -out client.csr -subj /CN=client",
        "printf 'extendedKeyUsage=clientAuth\\n' > client.ext",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 2"
            + " -extfile client.ext",
        "cp ca.pem client/ca.pem");
    assertThat(run(dir, script)).as("openssl made the certificates in " + dir).isTrue();
    return dir;
  }

  private static boolean run(Path dir, String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script, dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!ok) {
      System.err.println(out);
    }
    return ok;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
