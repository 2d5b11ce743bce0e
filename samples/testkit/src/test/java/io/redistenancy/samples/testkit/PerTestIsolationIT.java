package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.Test;

/** The default: every test gets a Redis of its own, empty, whatever other tests wrote. */
@RedisTenancyTest
class PerTestIsolationIT {
  @Test
  void countsVisits(StatefulRedisConnection<String, String> redis) {
    VisitCounter counter = new VisitCounter(redis);
    counter.visit("home");
    assertThat(counter.visit("home")).isEqualTo(2);
  }

  @Test
  void startsFromZero(StatefulRedisConnection<String, String> redis) {
    assertThat(new VisitCounter(redis).visits("home")).as("nothing from countsVisits").isZero();
    assertThat(redis.sync().dbsize()).isZero();
  }
}
