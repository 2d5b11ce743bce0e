package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test suite as a user writes it: each test gets its own Redis (the default, DEDICATED) and sends one command. */
@RedisTenancyTest
public class DedicatedTests {
  @TestTemplate
  @ExtendWith(Repeat.class)
  void firstCommand(StatefulRedisConnection<String, String> redis) {
    TestkitOverhead.firstCommand(redis);
  }
}
