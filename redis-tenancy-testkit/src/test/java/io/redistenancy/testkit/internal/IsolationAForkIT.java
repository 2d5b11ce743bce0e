package io.redistenancy.testkit.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;

/** Runs in the pom's two-forks execution, at the same time as IsolationBForkIT in the other fork. */
@RedisTenancyTest
class IsolationAForkIT {
  @RepeatedTest(40)
  void seesOnlyItsOwnData(ConnectionInfo info, StatefulRedisConnection<String, String> redis) throws Exception {
    ForkChecks.recordHome(info);
    IsolationChecks.check(info, redis);
  }

  @RepeatedTest(20)
  void tcpInstancesOfBothForksCoexist(
      @IsolatedRedis(access = Access.TLS_ONLY) StatefulRedisConnection<String, String> tls,
      @IsolatedRedis(isolation = Isolation.SHARED_SERVER) StatefulRedisConnection<String, String> shared) {
    ForkChecks.startsEmpty(tls, shared);
  }
}
