package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/** As {@link DedicatedTests}, each test an ACL user with a key prefix on the one SHARED_SERVER. */
@RedisTenancyTest(isolation = Isolation.SHARED_SERVER)
public class SharedServerTests {
  @TestTemplate
  @ExtendWith(Repeat.class)
  void firstCommand(StatefulRedisConnection<String, String> redis) {
    TestkitOverhead.firstCommand(redis);
  }
}
