package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog signals a registered process only while it is still the one registered, proven by its
 * kernel start time: an instance that exited may have left its pid to an unrelated process by the time
 * the JVM dies. A pid reuse cannot be caused on demand, so that test registers a live process with a
 * start time other than its own (what the watchdog sees after a reuse); the shell and its signals are
 * real.
 */
class WatchdogIT {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
  }

  private Process start(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectErrorStream(true).start();
    started.add(process);
    return process;
  }

  @Test
  void aRegisteredProcessGetsSigtermWhenThePipeCloses() throws Exception {
    Process instance = start("sleep", "600");
    Watchdog watchdog = new Watchdog(60_000);
    watchdog.register(instance.toHandle());

    watchdog.close(); // what the kernel does when the JVM dies

    assertThat(instance.waitFor(30, TimeUnit.SECONDS)).as("the registered process exited").isTrue();
    assertThat(instance.exitValue()).as("128 + SIGTERM").isEqualTo(143);
  }

  @Test
  void aRegisteredProcessThatIgnoresSigtermGetsSigkillAfterTheStopTimeout() throws Exception {
    Process instance = start("/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done");
    Watchdog watchdog = new Watchdog(300);
    watchdog.register(instance.toHandle());

    watchdog.close();

    assertThat(instance.waitFor(30, TimeUnit.SECONDS)).as("the registered process exited").isTrue();
    assertThat(instance.exitValue()).as("128 + SIGKILL").isEqualTo(137);
  }

  @Test
  void aPidNowHeldByAnotherProcessIsNeverSignalled() throws Exception {
    Process bystander = start("sleep", "600");
    long startTicks = Liveness.startTicks(bystander.pid());
    assertThat(startTicks).as("the bystander's start time").isPositive();
    Watchdog watchdog = new Watchdog(300);
    long shell = watchdog.pid();
    watchdog.register(bystander.pid(), startTicks - 1); // as registered for the pid's earlier process

    watchdog.close();

    assertThat(Processes.awaitGone(shell, Duration.ofSeconds(30))).as("the watchdog shell finished").isTrue();
    assertThat(bystander.isAlive()).as("the bystander on the reused pid is alive").isTrue();
  }
}
