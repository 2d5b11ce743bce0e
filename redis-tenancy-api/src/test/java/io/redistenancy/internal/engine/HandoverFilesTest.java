package io.redistenancy.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handover's variables: standard URLs, one per endpoint, and TLS files named relative to the directory. */
class HandoverFilesTest {
  private static final Endpoint SOCKET = Endpoint.unixSocket(Path.of("/srv/rt/acme.sock"));
  private static final Endpoint TCP = Endpoint.tcp("127.0.0.1", 6390);
  private static final Endpoint TLS = Endpoint.tls("127.0.0.1", 6391);
  private static final Endpoint SECOND_TCP = Endpoint.tcp("127.0.0.2", 6392);

  private static ConnectionInfo mutualTls(Endpoint... endpoints) {
    return new ConnectionInfo("acme", List.of(endpoints), "acme", "secret").withTls("CA PEM", "CERT PEM", "KEY PEM");
  }

  @Test
  void everyEndpointHasAVariableAndRedisUrlIsTheStandardPreferredOne() {
    String env = new HandoverFiles(mutualTls(SOCKET, TCP, TLS, SECOND_TCP)).env();
    assertThat(env.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
        "REDIS_URL=rediss://acme:secret@127.0.0.1:6391",
        "REDIS_SOCKET=/srv/rt/acme.sock",
        "REDIS_SOCKET_URL=unix://acme:secret@/srv/rt/acme.sock",
        "REDIS_TCP_URL=redis://acme:secret@127.0.0.1:6390",
        "REDIS_TLS_URL=rediss://acme:secret@127.0.0.1:6391",
        "REDIS_TCP_URL_2=redis://acme:secret@127.0.0.2:6392",
        "REDIS_HOST=127.0.0.1", "REDIS_PORT=6391", "REDIS_TLS=yes",
        "REDIS_USERNAME=acme", "REDIS_PASSWORD=secret",
        "REDIS_TLS_CA_FILE=acme-ca.crt", "REDIS_TLS_CERT_FILE=acme-client.crt", "REDIS_TLS_KEY_FILE=acme-client.key");
  }

  @Test
  void aSocketOnlyTenantGetsAUnixUrlAndNoHost() {
    String env = new HandoverFiles(new ConnectionInfo("acme", List.of(SOCKET), "acme", "secret")).env();
    assertThat(env).contains("REDIS_URL=unix://acme:secret@/srv/rt/acme.sock\n", "REDIS_SOCKET=/srv/rt/acme.sock\n")
        .doesNotContain("REDIS_HOST", "REDIS_TCP_URL", "redis-socket:");
  }

  @Test
  void writtenFilesNameTheTlsFilesRelativeToTheirDirectorySoItCanBeMoved(@TempDir Path temp) throws Exception {
    Path written = temp.resolve("written");
    new HandoverFiles(mutualTls(TLS)).writeTo(written);
    Path moved = Files.move(written, temp.resolve("moved"));

    String env = Files.readString(moved.resolve("acme.env"));
    String json = Files.readString(moved.resolve("acme.json"));
    assertThat(env + json).doesNotContain(written.toString()).doesNotContain(temp.toString());
    for (String variable : List.of("REDIS_TLS_CA_FILE", "REDIS_TLS_CERT_FILE", "REDIS_TLS_KEY_FILE")) {
      String name = env.lines().filter(l -> l.startsWith(variable + "=")).findFirst().orElseThrow()
          .substring(variable.length() + 1);
      assertThat(moved.resolve(name)).as(variable).isRegularFile();
    }
    assertThat(json).contains("\"caFile\" : \"acme-ca.crt\"", "\"certFile\" : \"acme-client.crt\"",
        "\"keyFile\" : \"acme-client.key\"", "\"url\" : \"rediss://acme:secret@127.0.0.1:6391\"");
  }
}
