package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Thousands of tests on one server: each test is an ACL user with its own key prefix on a pooled
 * server (Redis 7.0+). The injected connection applies the prefix, so VisitCounter runs unchanged;
 * commands that see the whole server are refused.
 */
@RedisTenancyTest(isolation = Isolation.SHARED_SERVER)
@Execution(ExecutionMode.CONCURRENT)
class SharedServerIT {
  @RepeatedTest(50)
  void countsVisitsUnderItsOwnPrefix(StatefulRedisConnection<String, String> redis, ConnectionInfo info) {
    assertThat(new VisitCounter(redis).visit("home")).as("no other test's visits").isEqualTo(1);
    assertThat(info.keyPrefix()).isNotEmpty();
    assertThatThrownBy(() -> redis.sync().keys("*")).hasMessageContaining("NOPERM");
  }
}
