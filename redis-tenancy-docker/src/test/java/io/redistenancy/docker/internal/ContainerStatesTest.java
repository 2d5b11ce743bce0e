package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.redistenancy.spi.InstanceState;
import org.junit.jupiter.api.Test;

/** The mapping from what the engine says to instance states, from inspect JSON as the engine sends it. */
class ContainerStatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static InspectContainerResponse inspect(String status, int restarts, String started, String finished,
      String error) throws Exception {
    return JSON.readValue("{\"Id\":\"c1\",\"RestartCount\":" + restarts + ",\"State\":{\"Status\":\"" + status
        + "\",\"StartedAt\":\"" + started + "\",\"FinishedAt\":\"" + finished + "\",\"Error\":\"" + error + "\"}}",
        InspectContainerResponse.class);
  }

  @Test
  void listStates() {
    assertThat(ContainerStates.of("running")).isEqualTo(InstanceState.RUNNING);
    assertThat(ContainerStates.of("restarting")).isEqualTo(InstanceState.STARTING);
    assertThat(ContainerStates.of("exited")).isEqualTo(InstanceState.STOPPED);
    assertThat(ContainerStates.of("created")).isEqualTo(InstanceState.STOPPED);
    assertThat(ContainerStates.of("dead")).isEqualTo(InstanceState.FAILED);
    assertThat(ContainerStates.of((String) null)).isEqualTo(InstanceState.MISSING);
  }

  @Test
  void aCrashLoopIsFailedButARareRestartIsStarting() throws Exception {
    assertThat(ContainerStates.of(inspect("restarting", 5, "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.2Z", "")))
        .isEqualTo(InstanceState.FAILED);
    assertThat(ContainerStates.of(inspect("restarting", 5, "2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z", "")))
        .as("crashed after a long run").isEqualTo(InstanceState.STARTING);
    assertThat(ContainerStates.of(inspect("restarting", 1, "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.2Z", "")))
        .isEqualTo(InstanceState.STARTING);
  }

  @Test
  void anEngineErrorOnStartIsFailed() throws Exception {
    assertThat(ContainerStates.of(inspect("created", 0, "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
        "exec: \\\"redis-server\\\": executable file not found in $PATH"))).isEqualTo(InstanceState.FAILED);
    assertThat(ContainerStates.of(inspect("running", 0, "2026-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "")))
        .isEqualTo(InstanceState.RUNNING);
  }
}
