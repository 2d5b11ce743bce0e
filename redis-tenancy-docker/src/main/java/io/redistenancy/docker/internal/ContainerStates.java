package io.redistenancy.docker.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.redistenancy.spi.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Maps what the engine says of a container to an {@link InstanceState}. */
final class ContainerStates {
  /** Restarts in a row, each after a run shorter than {@link #SHORT_RUN}, that make a crash loop. */
  static final int CRASH_LOOP_RESTARTS = 3;
  static final Duration SHORT_RUN = Duration.ofSeconds(10);

  private ContainerStates() {}

  /** From a container list entry's state ({@code running}, {@code exited}, …). */
  static InstanceState of(String status) {
    if (status == null) {
      return InstanceState.MISSING;
    }
    return switch (status) {
      case "running" -> InstanceState.RUNNING;
      case "restarting" -> InstanceState.STARTING;
      case "dead" -> InstanceState.FAILED;
      // created (never started), exited (stopped: unless-stopped restarts every other exit), paused, removing
      default -> InstanceState.STOPPED;
    };
  }

  /**
   * From an inspection, which also tells a crash loop (restarting again and again after short runs:
   * FAILED, so the engine stops waiting) and an engine error on start (FAILED).
   */
  static InstanceState of(InspectContainerResponse container) {
    InspectContainerResponse.ContainerState state = container.getState();
    if (state == null) {
      return InstanceState.MISSING;
    }
    InstanceState basic = of(state.getStatus());
    if (state.getError() != null && !state.getError().isBlank() && basic != InstanceState.RUNNING) {
      return InstanceState.FAILED;
    }
    if (basic == InstanceState.STARTING) {
      int restarts = container.getRestartCount() == null ? 0 : container.getRestartCount();
      Duration lastRun = lastRun(state);
      if (restarts >= CRASH_LOOP_RESTARTS && lastRun.compareTo(SHORT_RUN) < 0) {
        return InstanceState.FAILED;
      }
    }
    return basic;
  }

  private static Duration lastRun(InspectContainerResponse.ContainerState state) {
    try {
      Duration run = Duration.between(Instant.parse(state.getStartedAt()), Instant.parse(state.getFinishedAt()));
      return run.isNegative() ? Duration.ZERO : run;
    } catch (DateTimeParseException | NullPointerException e) {
      return Duration.ZERO;
    }
  }
}
