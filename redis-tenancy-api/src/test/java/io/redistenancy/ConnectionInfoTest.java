package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ConnectionInfo#url()}: a standard URL every common client parses, preferring TLS, then TCP, then the socket. */
class ConnectionInfoTest {
  private static final Endpoint SOCKET = Endpoint.unixSocket(Path.of("/srv/redis tenancy/acme.sock"));
  private static final Endpoint TCP = Endpoint.tcp("127.0.0.1", 6390);
  private static final Endpoint TLS = Endpoint.tls("::1", 6391);

  private static ConnectionInfo info(Endpoint... endpoints) {
    return new ConnectionInfo("acme", List.of(endpoints), "acme", "p@ss/word");
  }

  @Test
  void urlPrefersTlsThenTcpThenTheSocket() {
    assertThat(info(SOCKET, TCP, TLS).url()).isEqualTo("rediss://acme:p%40ss%2Fword@[::1]:6391");
    assertThat(info(SOCKET, TCP).url()).isEqualTo("redis://acme:p%40ss%2Fword@127.0.0.1:6390");
    assertThat(info(SOCKET).url()).isEqualTo("unix://acme:p%40ss%2Fword@/srv/redis%20tenancy/acme.sock");
  }

  @Test
  void everyEndpointHasItsOwnStandardUrlAndLettuceKeepsItsScheme() {
    ConnectionInfo info = info(SOCKET, TCP, TLS);
    assertThat(info.url(SOCKET)).startsWith("unix://");
    assertThat(info.url(TCP)).startsWith("redis://");
    assertThat(info.url(TLS)).startsWith("rediss://");
    assertThat(info.endpoint()).as("Lettuce still connects to the socket first").isEqualTo(SOCKET);
    assertThat(info.redisUri().getSocket()).isEqualTo("/srv/redis tenancy/acme.sock");
    assertThatThrownBy(() -> info.url(Endpoint.tcp("127.0.0.1", 1))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("tcp:127.0.0.1:1 is not an endpoint of tenant acme; its endpoints are [unix:/srv/redis tenancy/acme.sock,"
            + " tcp:127.0.0.1:6390, tls:[::1]:6391]");
  }
}
