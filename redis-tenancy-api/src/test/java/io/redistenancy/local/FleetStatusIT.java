package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.contract.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RedisTenancy.statuses(timeout)} on real redis-server processes: every tenant in one call, a
 * stopped one as STOPPED and one whose process is frozen (SIGSTOP: it still runs, its socket accepts,
 * it never answers) as FAILED with the reason, bounded by the call's timeout.
 */
class FleetStatusIT {
  /** Generous, so the healthy tenants always answer on a loaded machine; the frozen one is bounded by it. */
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private Path home;
  private RedisTenancy tenancy;
  private long frozenPid;

  @BeforeEach
  void open() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-fleet-");
    tenancy = RedisTenancy.builder().home(home).backend(Backends.local()).build();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (frozenPid != 0) {
      signal("-CONT", frozenPid);
    }
    tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    tenancy.close();
    TestFiles.deleteQuietly(home);
  }

  @Test
  void everyTenantInOneCallWithTheStoppedAndTheUnreachableFlagged() throws Exception {
    for (String name : List.of("t1", "t2", "t3", "t4", "stopped", "frozen")) {
      tenancy.create(name).apply();
    }
    tenancy.tenant("stopped").orElseThrow().stop();
    Tenant frozen = tenancy.tenant("frozen").orElseThrow();
    frozenPid = LocalTenancyIT.pid(frozen);
    signal("-STOP", frozenPid);

    List<TenantStatus> statuses = tenancy.statuses(TIMEOUT);

    assertThat(statuses).extracting(TenantStatus::tenant)
        .containsExactly("frozen", "stopped", "t1", "t2", "t3", "t4");
    Map<String, TenantStatus> byName = statuses.stream()
        .collect(Collectors.toMap(TenantStatus::tenant, Function.identity()));
    for (String healthy : List.of("t1", "t2", "t3", "t4")) {
      assertThat(byName.get(healthy).state()).isEqualTo(TenantState.RUNNING);
      assertThat(byName.get(healthy).problem()).isEmpty();
      assertThat(byName.get(healthy).serverVersion()).isNotEmpty();
    }
    assertThat(byName.get("stopped").state()).isEqualTo(TenantState.STOPPED);
    assertThat(byName.get("frozen").state()).isEqualTo(TenantState.FAILED);
    assertThat(byName.get("frozen").problem()).hasValueSatisfying(p -> assertThat(p).contains("did not answer"));

    // a timeout below the admin connection's own: the fleet call's timeout ends the frozen tenant's read
        TenantStatus frozenAgain = tenancy.statuses(Duration.ofSeconds(1)).stream().filter(s -> s.tenant().equals("frozen"))
        .findFirst().orElseThrow();
    assertThat(frozenAgain.state()).isEqualTo(TenantState.FAILED);
    assertThat(frozenAgain.problem()).hasValue("its instance did not answer the status read within PT1S");

    signal("-CONT", frozenPid);
    frozenPid = 0;
    assertThat(frozen.status().state()).as("nothing was recorded: thawed, it is running again")
        .isEqualTo(TenantState.RUNNING);
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> tenancy.statuses(Duration.ZERO)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("statuses timeout PT0S must be positive");
    assertThat(tenancy.statuses(TIMEOUT)).isEmpty();
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill " + signal + " " + pid).isZero();
  }
}
