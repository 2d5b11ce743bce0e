package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Naming an image selects Docker: one container per instance, pooled and reset like local ones. The
 * image is the local one scripts/setup-docker.sh builds (no registry here). Disabled, with the reason
 * in the report, where no Docker engine is reachable.
 */
@RedisTenancyTest(image = "redis-tenancy-test/redis:7.0", disabledWithoutRedis = true)
class DockerModeIT {
  @RepeatedTest(6)
  void containerPerTestSeesOnlyItsOwnData(ConnectionInfo info, StatefulRedisConnection<String, String> redis)
      throws Exception {
    // redis-server is the container's first process; a local instance has a host pid
    assertThat(redis.sync().info("server")).as("a container's redis-server").contains("process_id:1\r\n");
    IsolationChecks.check(info, redis);
  }

  @Test
  void tlsInAContainer(@IsolatedRedis(access = Access.TLS_ONLY) ConnectionInfo info,
      @IsolatedRedis(access = Access.TLS_ONLY) StatefulRedisConnection<String, String> redis) {
    assertThat(info.endpoint().isTls()).isTrue();
    assertThat(redis.sync().info("server")).contains("process_id:1\r\n");
  }
}
