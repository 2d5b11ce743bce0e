package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.redistenancy.testkit.internal.fixtures.FailingFixture;
import io.redistenancy.testkit.internal.fixtures.InjectionFixture;
import io.redistenancy.testkit.internal.fixtures.LeakFixture;
import io.redistenancy.testkit.internal.fixtures.MisuseFixture;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension driven through JUnit's own engine, as a user's build would run it. */
class ExtensionIT {
  private static Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
  }

  @Test
  void injectsEveryTypeWithScopesAndSettings() {
    Events events = run(InjectionFixture.class);
    events.assertStatistics(s -> s.started(9).succeeded(9).failed(0));
  }

  @Test
  void reportsLeakedTenantsByName() {
    Events events = run(LeakFixture.class);
    events.assertThatEvents()
        .haveExactly(1, event(test("leaks"), finishedWithFailure(message(m ->
            m.startsWith("leaks(RedisTenancy) leaked 2 tenants: 'acme', 'globex'.")
                && m.contains("tenant.delete(Deletion.PURGE)")))))
        .haveExactly(1, event(test("cleansUp"), finishedSuccessfully()));
  }

  @Test
  void failureCarriesTheInstanceLogTail() {
    Events events = run(FailingFixture.class);
    events.assertStatistics(s -> s.failed(1));
    Throwable failure = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class)
        .getThrowable().orElseThrow();
    assertThat(failure).hasMessageContaining("the key the test expected");
    assertThat(failure.getSuppressed()).singleElement().satisfies(tail -> assertThat(tail.getMessage())
        .containsPattern("Redis instance \\S+ held by this test, last lines of \\S+/redis.log:\n")
        .contains("Redis is starting", "ready to accept connections"));
  }

  @Test
  void refusesMisuseSayingWhatToDo() {
    Events events = run(MisuseFixture.class);
    events.assertThatEvents()
        .haveExactly(1, event(test("planWithoutDirectory"), finishedWithFailure(message(m -> m.contains(
            "plan 'small' needs a plan directory: add @RedisTenancyTest(plans = \"classpath:your/plans\")")))))
        .haveExactly(1, event(test("badMemory"), finishedWithFailure(message(m -> m.contains("lots")))));
    assertThat(events.failed().count()).isEqualTo(2);
  }
}
