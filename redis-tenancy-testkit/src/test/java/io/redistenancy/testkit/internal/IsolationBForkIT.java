package io.redistenancy.testkit.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;

/** Runs in the pom's two-forks execution, at the same time as IsolationAForkIT in the other fork. */
@RedisTenancyTest
class IsolationBForkIT {
  @RepeatedTest(40)
  void seesOnlyItsOwnData(ConnectionInfo info, StatefulRedisConnection<String, String> redis) throws Exception {
    ForkChecks.recordHome(info);
    IsolationChecks.check(info, redis);
  }
}
