package io.redistenancy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Reconfiguration} changed.
 *
 * @param tenant the tenant
 * @param changes each setting that changed, in plan order; empty when nothing did
 * @param aofRewrite how long the AOF rewrite took that turning AOF on live starts, if it did
 */
public record ReconfigureReport(String tenant, List<Change> changes, Optional<Duration> aofRewrite) {
  public ReconfigureReport {
    Objects.requireNonNull(tenant, "tenant");
    changes = List.copyOf(changes);
    Objects.requireNonNull(aofRewrite, "aofRewrite");
  }

  /** Whether anything changed. */
  public boolean changed() {
    return !changes.isEmpty();
  }

  /** Whether the instance was restarted to apply a setting (only with {@link Reconfiguration#allowRestart()}). */
  public boolean restarted() {
    return changes.stream().anyMatch(c -> c.applied() == Applied.RESTART);
  }

  /** How a change reached the instance. */
  public enum Applied {
    /** On the running instance, without a restart. */
    LIVE,
    /** By restarting the instance (data kept per persistence). */
    RESTART,
    /** The instance does not run: its next start has it. */
    NEXT_START
  }

  /**
   * One changed setting.
   *
   * @param setting the plan setting, e.g. {@code maxMemory} (or {@code plan} for the plan's name)
   * @param from its value before
   * @param to its value now
   */
  public record Change(String setting, String from, String to, Applied applied) {
    public Change {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(applied, "applied");
    }

    @Override
    public String toString() {
      return setting + " " + from + " -> " + to + " (" + applied + ")";
    }
  }
}
