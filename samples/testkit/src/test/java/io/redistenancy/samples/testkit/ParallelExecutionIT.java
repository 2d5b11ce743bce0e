package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.RedisTenancyTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests running at the same time (parallel execution is on in src/test/resources/junit-platform.properties)
 * each still get their own Redis: no fixed ports, no shared keys, nothing to clean up between them.
 */
@RedisTenancyTest
@Execution(ExecutionMode.CONCURRENT)
class ParallelExecutionIT {
  @RepeatedTest(20)
  void eachTestAlone(StatefulRedisConnection<String, String> redis) throws InterruptedException {
    VisitCounter counter = new VisitCounter(redis);
    assertThat(counter.visit("home")).isEqualTo(1);
    Thread.sleep(10); // overlap with the other tests
    assertThat(counter.visits("home")).isEqualTo(1);
  }
}
