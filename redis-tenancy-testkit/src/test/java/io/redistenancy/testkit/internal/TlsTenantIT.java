package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TLS tenants: the injected URI is the TLS endpoint, the injected client and connection complete a
 * real TLS handshake trusting the tenant's CA, and a client that does not trust it is refused.
 */
@RedisTenancyTest
class TlsTenantIT {
  @IsolatedRedis(access = Access.TLS_ONLY)
  StatefulRedisConnection<String, String> tlsField;

  @Test
  void injectedConnectionAndClientSpeakTls(@IsolatedRedis(access = Access.TLS_ONLY) ConnectionInfo info,
      @IsolatedRedis(access = Access.TLS_ONLY) RedisURI uri,
      @IsolatedRedis(access = Access.TLS_ONLY) RedisClient client,
      @IsolatedRedis(access = Access.TLS_ONLY) StatefulRedisConnection<String, String> redis) {
    assertThat(info.usesTls()).isTrue();
    assertThat(info.endpoints()).allMatch(Endpoint::isTls); // TLS_ONLY: no plaintext socket
    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.getPort()).isEqualTo(info.endpoint().port());
    redis.sync().set("k", "over tls");
    try (StatefulRedisConnection<String, String> own = client.connect()) {
      assertThat(own.sync().get("k")).isEqualTo("over tls");
    }
    assertThat(tlsField.sync().ping()).isEqualTo("PONG");
    assertThat(tlsField.sync().get("k")).as("the field and the parameters with the same settings share one instance")
        .isEqualTo("over tls");
  }

  @Test
  void aClientWithoutTheCaIsRefused(@IsolatedRedis(access = Access.TLS_ONLY) RedisURI uri) {
    RedisClient stranger = RedisClient.create(uri);
    stranger.setOptions(ClientOptions.builder().build()); // the JDK's default trust store: not the tenant's CA
    try {
      assertThatThrownBy(stranger::connect).isInstanceOf(RedisConnectionException.class);
    } finally {
      stranger.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void mutualTls(@IsolatedRedis(access = Access.TLS_ONLY, clientAuth = ClientAuth.REQUIRED)
      StatefulRedisConnection<String, String> redis,
      @IsolatedRedis(access = Access.TLS_ONLY, clientAuth = ClientAuth.REQUIRED) ConnectionInfo info) {
    assertThat(info.clientCertificatePem()).isPresent();
    assertThat(redis.sync().ping()).isEqualTo("PONG");
  }

  @Test
  void plainByDefault(ConnectionInfo info) {
    assertThat(info.usesTls()).isFalse();
    assertThat(info.endpoint().isUnixSocket()).isTrue();
  }
}
