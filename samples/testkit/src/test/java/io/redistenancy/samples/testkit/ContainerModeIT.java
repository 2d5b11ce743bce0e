package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.Test;

/**
 * Naming an image runs each instance in a Docker container (pooled and reset like local ones),
 * through the library's own Docker backend: no Testcontainers, no Ryuk. The
 * image here is the local one scripts/setup-docker.sh builds; with no Docker engine the class is
 * disabled and the report says why.
 */
@RedisTenancyTest(image = "redis-tenancy-test/redis:7.0", disabledWithoutRedis = true)
class ContainerModeIT {
  @Test
  void countsVisitsInAContainer(StatefulRedisConnection<String, String> redis) {
    assertThat(new VisitCounter(redis).visit("home")).isEqualTo(1);
    assertThat(redis.sync().info("server")).as("redis-server is the container's first process")
        .contains("process_id:1\r\n");
  }
}
