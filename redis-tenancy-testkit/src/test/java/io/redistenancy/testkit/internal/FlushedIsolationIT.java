package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * FLUSHED under parallel execution: the tests take turns on one server (same endpoint for all), and
 * each still starts pristine.
 */
@RedisTenancyTest(isolation = Isolation.FLUSHED)
class FlushedIsolationIT {
  private static final Set<String> ENDPOINTS = ConcurrentHashMap.newKeySet();

  @RepeatedTest(30)
  void takesTurnsOnOneServer(ConnectionInfo info, StatefulRedisConnection<String, String> redis) throws Exception {
    ENDPOINTS.add(info.endpoint().toString());
    IsolationChecks.check(info, redis);
  }

  @AfterAll
  static void oneServer() {
    assertThat(ENDPOINTS).hasSize(1);
  }
}
