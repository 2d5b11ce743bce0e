package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The journal lines are systemd 252's, copied from the lab's journal. */
class MainExitTest {
  @Test
  void theLastExitOfTheJournalIsTypedAsASignalOrAnExitCode() {
    String journal = String.join("\n",
        "redis-tenant@x.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED",
        "redis-tenant@x.service: Failed with result 'exit-code'.",
        "redis-tenant@x.service: Scheduled restart job, restart counter is at 1.",
        "Started redis-tenant@x.service - Redis of redis-tenancy instance x.",
        "redis-tenant@x.service: Main process exited, code=killed, status=9/KILL",
        "redis-tenant@x.service: Failed with result 'signal'.");

    MainExit killed = MainExit.lastIn(journal).orElseThrow();
    assertThat(killed.signal()).isEqualTo(OptionalInt.of(9));
    assertThat(killed.exitCode()).isEmpty();
    assertThat(killed.description()).startsWith("redis-tenant@x.service: Main process exited, code=killed, status=9/KILL")
        .endsWith("(SIGKILL: the kernel's OOM killer at the unit's MemoryMax, or a kill -9)");

    MainExit exited = MainExit.lastIn(journal.substring(0, journal.indexOf('\n'))).orElseThrow();
    assertThat(exited.exitCode()).isEqualTo(OptionalInt.of(3));
    assertThat(exited.signal()).isEmpty();
    assertThat(MainExit.lastIn("Started redis-tenant@x.service.")).isEmpty();
  }

  @Test
  void aCoreDumpIsASignalAndAnOomKillIsFoundWithoutAnExitLine() {
    assertThat(MainExit.lastIn("u: Main process exited, code=dumped, status=11/SEGV").orElseThrow().signal())
        .isEqualTo(OptionalInt.of(11));
    assertThat(MainExit.oomLineIn("Started u.\nu: A process of this unit has been killed by the OOM killer.\n"))
        .contains("u: A process of this unit has been killed by the OOM killer.");
  }

  @Test
  void systemctlShowTellsAnExitOnlyWhileNoMainProcessRuns() {
    assertThat(MainExit.ofShown(0, 0)).as("running, or never ran").isEmpty();
    assertThat(MainExit.ofShown(-1, -1)).as("not shown").isEmpty();
    assertThat(MainExit.ofShown(1, 3).orElseThrow().exitCode()).isEqualTo(OptionalInt.of(3));
    assertThat(MainExit.ofShown(2, 9).orElseThrow().signal()).isEqualTo(OptionalInt.of(9));
    assertThat(MainExit.ofShown(3, 6).orElseThrow().signal()).isEqualTo(OptionalInt.of(6));
  }
}
