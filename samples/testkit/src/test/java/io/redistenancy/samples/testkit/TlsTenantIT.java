package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.Test;

/**
 * A TLS tenant: the instance listens only on TLS (a TCP port of 127.0.0.1, certificate from the
 * testkit's own CA). The injected connection and client already trust that CA; code that builds its
 * own client takes the trust from {@code ConnectionInfo.sslOptions()}.
 */
@RedisTenancyTest(access = Access.TLS_ONLY)
class TlsTenantIT {
  @Test
  void countsVisitsOverTls(StatefulRedisConnection<String, String> redis, ConnectionInfo info) {
    assertThat(info.endpoint().isTls()).isTrue();
    assertThat(new VisitCounter(redis).visit("home")).isEqualTo(1);
  }

  @Test
  void aClientOfItsOwn(RedisClient client) {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(new VisitCounter(connection).visit("home")).as("a fresh instance per test").isEqualTo(1);
    }
  }

  @Test
  void plaintextNextToIt(@IsolatedRedis(access = Access.PLAIN) ConnectionInfo plain) {
    assertThat(plain.usesTls()).isFalse();
  }
}
