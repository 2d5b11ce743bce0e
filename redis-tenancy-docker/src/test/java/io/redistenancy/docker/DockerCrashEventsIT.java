package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.redistenancy.Deletion;
import io.redistenancy.Persistence;
import io.redistenancy.docker.DockerTestSupport.TestContext;
import io.redistenancy.docker.DockerTestSupport.TestTenant;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes, and the engine's restarts after them, are reported as they happen without anyone asking
 * (no state(), no status(): the backend watches the engine's event stream), also after that stream
 * dropped with an engine restart; the backend's own stops and deletes are no crashes. A crash is a real kill -9 of the container's redis-server.
 */
class DockerCrashEventsIT {
  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final String KILLED = ": container exited with code 137 (killed: SIGKILL or out of memory)";
  private static final String RESTARTED = ": the Docker engine restarted its container (restart policy unless-stopped)";

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  private static DockerBackends.Docker settings(Duration stopTimeout) {
    return DockerBackends.docker().image(DockerTestSupport.image()).stopTimeout(stopTimeout);
  }

  @Test
  void aKilledRedisIsReportedCrashedThenRestartedAndTheBackendsStopsAndDeletesAreNot() throws Exception {
    TestContext context = engine.context(temp);
    Backend backend = engine.closeAfterTest(settings(Duration.ofSeconds(2)).create(context));
    TestTenant calm = DockerTestSupport.tenant("calm", 32, Persistence.RDB);
    backend.provision(calm.spec());
    backend.stop(calm.id());
    backend.stop(calm.id()); // stopped already: no exit follows, so its next crash is still one
    backend.start(calm.id());

    killRedis(engine.client(), context, calm.id());
    awaitEvents(context, 0, "crashed calm" + KILLED, "restarted calm" + RESTARTED);

    backend.stop(calm.id());
    backend.start(calm.id());
    backend.remove(calm.id(), Deletion.PURGE); // a forced removal: the container is killed
    // the stream delivers in order: a crash reported for that stop or delete would come before this one
    TestTenant marker = DockerTestSupport.tenant("marker", 32, Persistence.NONE);
    backend.provision(marker.spec());
    killRedis(engine.client(), context, marker.id());
    awaitEvents(context, 2, "crashed marker" + KILLED);
    assertThat(context.events.events.subList(0, 3)).containsExactly("crashed calm" + KILLED,
        "restarted calm" + RESTARTED, "crashed marker" + KILLED);
    backend.remove(marker.id(), Deletion.PURGE);
  }

  @Test
  void aCrashAfterTheEngineRestartedIsStillReported() throws Exception {
    PrivateDockerd.assumeUsable();
    TestContext context = engine.context(temp);
    try (PrivateDockerd dockerd = PrivateDockerd.start(DockerTestSupport.image());
        DockerClient docker = DockerTestSupport.dockerClient(dockerd.host());
        Backend backend = settings(Duration.ofSeconds(2)).dockerHost(dockerd.host()).create(context)) {
      TestTenant survivor = DockerTestSupport.tenant("survivor", 32, Persistence.NONE);
      backend.provision(survivor.spec());
      long before = running(docker, context, survivor.id()).getState().getPidLong();

      dockerd.restart(); // the stream drops; the engine starts the container again by itself
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (running(docker, context, survivor.id()).getState().getPidLong() == before) {
        assertThat(System.nanoTime() < deadline).as("the engine restarted the container").isTrue();
        Thread.sleep(100);
      }

      int from = context.events.events.size();
      killRedis(docker, context, survivor.id());
      awaitEvents(context, from, "crashed survivor" + KILLED, "restarted survivor" + RESTARTED);
      backend.remove(survivor.id(), Deletion.PURGE);
    }
  }

  /** Kills the container's redis-server (pid 1 inside) with SIGKILL, as a crash would end it. */
  private static void killRedis(DockerClient docker, TestContext context, TenantId id) {
    long pid = running(docker, context, id).getState().getPidLong();
    assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
  }

  /** The tenant's container, once it runs (a restart in progress is waited for). */
  private static InspectContainerResponse running(DockerClient docker, TestContext context, TenantId id) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      List<Container> found = docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerEngine.OWNER_LABEL, context.ownerId, "io.redistenancy.tenant", id.value()))
          .exec();
      if (found.size() == 1) {
        InspectContainerResponse c = docker.inspectContainerCmd(found.get(0).getId()).exec();
        Long pid = c.getState().getPidLong();
        if (Boolean.TRUE.equals(c.getState().getRunning()) && pid != null && pid > 0) {
          return c;
        }
      }
      assertThat(System.nanoTime() < deadline).as("tenant %s's container runs", id).isTrue();
      DockerTestSupport.sleep(50);
    }
  }

  /** Waits until the events recorded from index {@code from} on contain {@code expected} in that order. */
  private static void awaitEvents(TestContext context, int from, String... expected) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> events = context.events.events;
      if (events.size() > from && containsInOrder(events.subList(from, events.size()), expected)) {
        return;
      }
      DockerTestSupport.sleep(50);
    }
    assertThat(context.events.events.subList(Math.min(from, context.events.events.size()),
        context.events.events.size())).as("events reported unprompted").containsSubsequence(expected);
  }

  private static boolean containsInOrder(List<String> events, String... expected) {
    int next = 0;
    for (String e : events) {
      if (next < expected.length && e.equals(expected[next])) {
        next++;
      }
    }
    return next == expected.length;
  }
}
