package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Lifecycle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACHED instances end with the JVM even when it is killed with SIGKILL. */
class LocalAttachedIT {
  @TempDir
  static Path root;

  @AfterAll
  static void noLeftovers() throws IOException {
    Processes.assertNoneLeftUnder(root);
  }

  @Test
  void instancesDieWithAKilledJvm() throws Exception {
    ChildJvm.Started child = ChildJvm.start(root.resolve("home"), "attached-owner", Lifecycle.ATTACHED,
        root.resolve("child.log"));
    try {
      assertThat(child.pids()).hasSize(2).allMatch(Processes::running);
      assertThat(Processes.running(child.watchdog())).isTrue();

      child.process().destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

      for (long pid : child.pids()) {
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(10))).as("redis-server %s ended", pid).isTrue();
      }
    } finally {
      child.process().destroyForcibly();
    }
  }
}
