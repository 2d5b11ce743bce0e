package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from a plan file, src/test/resources/redis-plans/tiny-cache.conf, with one value overridden. */
@RedisTenancyTest(plans = "classpath:redis-plans")
class PlanFromFileIT {
  @Test
  void tinyCache(@IsolatedRedis(plan = "tiny-cache") StatefulRedisConnection<String, String> redis) {
    Map<String, String> config = redis.sync().configGet("maxmemory", "maxmemory-policy");
    assertThat(config).containsEntry("maxmemory", Long.toString(4 * 1024 * 1024))
        .containsEntry("maxmemory-policy", "allkeys-lru");
  }

  @Test
  void overridden(@IsolatedRedis(plan = "tiny-cache", maxMemory = "8mb") StatefulRedisConnection<String, String> redis) {
    assertThat(redis.sync().configGet("maxmemory")).containsEntry("maxmemory", Long.toString(8 * 1024 * 1024));
  }
}
