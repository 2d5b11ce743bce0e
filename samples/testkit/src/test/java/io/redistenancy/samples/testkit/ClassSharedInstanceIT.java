package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import io.redistenancy.testkit.Scope;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One instance for every test of the class (a static field): what one test writes, the next reads. */
@RedisTenancyTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassSharedInstanceIT {
  @IsolatedRedis(scope = Scope.CLASS)
  static StatefulRedisConnection<String, String> redis;

  @Test
  @Order(1)
  void firstVisit() {
    assertThat(new VisitCounter(redis).visit("home")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void secondVisitSeesTheFirst() {
    assertThat(new VisitCounter(redis).visit("home")).isEqualTo(2);
  }
}
