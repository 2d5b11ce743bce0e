package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.spi.InstanceState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitStatusTest {
  private static final String DROP_IN = "/etc/systemd/system/u@x.service.d/50-redis-tenancy.conf";

  @Test
  void parsesSeveralUnitsAndMapsTheirStates() {
    String output = "Id=u@a.service\nLoadState=loaded\nActiveState=active\nSubState=running\nMainPID=42\n"
        + "NRestarts=2\nMemoryCurrent=3661824\nResult=success\nDropInPaths=" + DROP_IN + "\n\n"
        + "Id=u@b.service\nLoadState=loaded\nActiveState=activating\nSubState=auto-restart\nMainPID=0\n"
        + "NRestarts=3\nMemoryCurrent=[not set]\nResult=signal\nDropInPaths=\nExecMainCode=2\nExecMainStatus=9\n";
    List<UnitStatus> all = UnitStatus.parseAll(output);

    assertThat(all).hasSize(2);
    assertThat(all.get(0)).isEqualTo(new UnitStatus("u@a.service", "loaded", "active", "running", 42, 2, 3661824,
        "success", List.of(DROP_IN), Optional.empty()));
    assertThat(all.get(0).state(DROP_IN)).isEqualTo(InstanceState.RUNNING);
    assertThat(all.get(1).memoryCurrent()).isEqualTo(-1);
    assertThat(all.get(1).state(DROP_IN)).as("no drop-in: not an instance").isEqualTo(InstanceState.MISSING);
    assertThat(all.get(1).mainExit().orElseThrow().signal()).as("killed by SIGKILL, not restarted yet").hasValue(9);
  }

  @Test
  void mapsActiveStates() {
    assertThat(status("activating").state(DROP_IN)).isEqualTo(InstanceState.STARTING);
    assertThat(status("failed").state(DROP_IN)).isEqualTo(InstanceState.FAILED);
    assertThat(status("inactive").state(DROP_IN)).isEqualTo(InstanceState.STOPPED);
    assertThat(status("deactivating").state(DROP_IN)).isEqualTo(InstanceState.STOPPED);
  }

  private static UnitStatus status(String active) {
    return new UnitStatus("u", "loaded", active, "", 0, 0, 0, "", List.of(DROP_IN), Optional.empty());
  }
}
