package io.redistenancy.internal.local;

import static io.redistenancy.internal.local.RecordingEvents.Type.CRASHED;
import static io.redistenancy.internal.local.RecordingEvents.Type.FAILED;
import static io.redistenancy.internal.local.RecordingEvents.Type.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.EventPayload.Crashed;
import io.redistenancy.EventPayload.Restarted;
import io.redistenancy.spi.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Crashes are reported and restarted; a crash loop ends in FAILED with the log tail. */
class LocalSupervisionIT extends LocalBackendTestBase {
  @Test
  void aKilledInstanceIsRestarted() throws Exception {
    TestContext context = new TestContext(root.resolve("crash"));
    TestTenant tenant = TestTenant.create("crashy");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      Path socket = backend.provision(tenant.spec()).endpoints().get(0).socket().orElseThrow();
      redis.awaitPing(tenant, socket);
      long pid = backend.pid(tenant.id());

      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9

      RecordingEvents.Event crash = context.events().await(CRASHED, tenant.id(), 1, Duration.ofSeconds(10));
      assertThat(crash.detail()).isEqualTo("exit code 137 (signal 9)");
      RecordingEvents.Event restart = context.events().await(RESTARTED, tenant.id(), 1, Duration.ofSeconds(10));
      assertThat(restart.detail()).contains("exit code 137");
      Crashed figures = context.events().payloads(Crashed.class, tenant.id()).get(0);
      assertThat(figures.exitCode()).hasValue(137);
      assertThat(figures.signal()).hasValue(9);
      assertThat(figures.crashesInRow()).hasValue(1);
      assertThat(context.events().payloads(Restarted.class, tenant.id())).singleElement()
          .satisfies(r -> assertThat(r.restartCount()).hasValue(1));
      redis.awaitPing(tenant, socket);
      assertThat(backend.pid(tenant.id())).isNotEqualTo(pid).isPositive();
      assertThat(backend.state(tenant.id())).isEqualTo(InstanceState.RUNNING);
      try (StatefulRedisConnection<String, String> c = redis.connect(tenant, socket)) {
        assertThat(c.sync().set("after", "restart")).isEqualTo("OK");
      }

      // an expected stop is not a crash
      backend.stop(tenant.id());
      Thread.sleep(300);
      assertThat(context.events().of(CRASHED, tenant.id())).hasSize(1);
      assertThat(backend.state(tenant.id())).isEqualTo(InstanceState.STOPPED);
      backend.remove(tenant.id(), Deletion.PURGE);
    }
    assertThat(context.events().of(FAILED, tenant.id())).isEmpty();
  }

  @Test
  void aCrashLoopEndsInFailedWithTheLogTail() throws Exception {
    TestContext context = new TestContext(root.resolve("loop"));
    Path fake = Scripts.fakeRedis(root.resolve("bin/redis-server"), "7.0.15");
    TestTenant tenant = TestTenant.create("loopy");
    try (LocalBackend backend = TestContext.open(context, Backends.local().binary(fake).maxRestarts(2))) {
      backend.provision(tenant.spec());

      RecordingEvents.Event failed = context.events().await(FAILED, tenant.id(), 1, Duration.ofSeconds(15));

      assertThat(failed.detail())
          .contains("crashed 3 times in a row (last: exit code 1)")
          .contains("maxRestarts=2")
          .contains("fake redis-server: refusing to start on purpose");
      assertThat(context.events().of(CRASHED, tenant.id())).hasSize(3)
          .allSatisfy(e -> assertThat(e.detail()).isEqualTo("exit code 1"));
      assertThat(context.events().of(RESTARTED, tenant.id())).hasSize(2);
      assertThat(context.events().payloads(Crashed.class, tenant.id()))
          .allSatisfy(c -> assertThat(c.exitCode()).hasValue(1))
          .allSatisfy(c -> assertThat(c.signal()).isEmpty())
          .extracting(c -> c.crashesInRow().getAsInt()).containsExactly(1, 2, 3);
      assertThat(context.events().payloads(Restarted.class, tenant.id()))
          .extracting(r -> r.restartCount().getAsInt()).containsExactly(1, 2);
      assertThat(backend.state(tenant.id())).isEqualTo(InstanceState.FAILED);
      assertThat(backend.logTail(tenant.id())).contains("refusing to start on purpose");
      Thread.sleep(500);
      assertThat(context.events().of(CRASHED, tenant.id())).as("no restart after FAILED").hasSize(3);

      backend.remove(tenant.id(), Deletion.PURGE);
      assertThat(backend.state(tenant.id())).isEqualTo(InstanceState.MISSING);
    }
  }
}
