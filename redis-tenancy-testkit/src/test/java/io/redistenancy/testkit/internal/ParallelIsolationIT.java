package io.redistenancy.testkit.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;

/** Run with JUnit's parallel execution on (see the pom): 60 tests, each alone on its instance. */
@RedisTenancyTest
class ParallelIsolationIT {
  @RepeatedTest(60)
  void seesOnlyItsOwnData(ConnectionInfo info, StatefulRedisConnection<String, String> redis) throws Exception {
    IsolationChecks.check(info, redis);
  }
}
