package io.redistenancy.testkit.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.Isolation;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The tests both forks of the pom's two-forks execution run at the same time (as IsolationAForkIT and
 * IsolationBForkIT): each sees only its own data, and TCP instances of both forks coexist.
 */
abstract class ForkIsolationTests {
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
