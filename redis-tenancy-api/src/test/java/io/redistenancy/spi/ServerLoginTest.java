package io.redistenancy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ServerTls;
import org.junit.jupiter.api.Test;

/** The SPI's server login: a bad combination is a TenancyException naming the endpoint; the password is never shown. */
class ServerLoginTest {
  @Test
  void aServerTlsForAPlaintextEndpointIsRefusedNamingIt() {
    assertThatThrownBy(() -> new ServerLogin(Endpoint.tcp("127.0.0.1", 6379), "ops", "secret", ServerTls.defaultTrust()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("tcp:127.0.0.1:6379 is plaintext; a ServerTls needs a TLS endpoint");
  }

  @Test
  void itsTextHidesThePassword() {
    ServerLogin login = new ServerLogin(Endpoint.tls("127.0.0.1", 6380), "ops", "secret", ServerTls.defaultTrust());
    assertThat(login.toString()).isEqualTo("ops@tls:127.0.0.1:6380").doesNotContain("secret");
    assertThat(login.serverTls()).isPresent();
  }
}
