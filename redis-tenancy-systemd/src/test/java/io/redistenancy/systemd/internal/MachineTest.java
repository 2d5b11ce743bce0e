package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.systemd.CommandRunner;
import io.redistenancy.systemd.CommandRunner.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On this machine's coreutils, as on the systemd machine's. */
class MachineTest {
  @Test
  void aBoundedCommandIsEndedByTheMachineAndReportedAsAFailure() {
    Machine machine = new Machine(CommandRunner.local());
    long started = System.nanoTime();

    Result r = machine.tryRun(Machine.bounded(Duration.ofSeconds(1), List.of("sleep", "300")), new byte[0]);

    assertThat(r.ok()).isFalse();
    assertThat(r.exitCode()).as("coreutils timeout's exit status for a timeout").isEqualTo(124);
    // generous: the bound is 1s, the command would take 300s
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(120));
    assertThat(machine.tryRun(Machine.bounded(Duration.ofSeconds(30), List.of("echo", "hi")), new byte[0]).stdout())
        .isEqualTo("hi\n");
  }
}
