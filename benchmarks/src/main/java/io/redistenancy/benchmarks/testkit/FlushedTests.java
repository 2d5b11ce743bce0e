package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/** As {@link DedicatedTests}, on the one FLUSHED server, reset between tests. */
@RedisTenancyTest(isolation = Isolation.FLUSHED)
public class FlushedTests {
  @TestTemplate
  @ExtendWith(Repeat.class)
  void firstCommand(StatefulRedisConnection<String, String> redis) {
    TestkitOverhead.firstCommand(redis);
  }
}
