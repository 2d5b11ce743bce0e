package io.redistenancy.internal.engine;

import io.redistenancy.Plan;
import io.redistenancy.ReconfigureReport;
import io.redistenancy.RollOutReport;
import io.redistenancy.RollOutReport.Outcome;
import io.redistenancy.RollOutReport.Result;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies a plan's current version to every tenant on it, one at a time, live and without restarts,
 * each keeping its own settings; a tenant's failure is reported and does not stop the others.
 */
final class RollOut {
  private final TenantOperations ops;
  private final Reconfigure reconfigure;

  RollOut(TenantOperations ops, Reconfigure reconfigure) {
    this.ops = ops;
    this.reconfigure = reconfigure;
  }

  RollOutReport run(String planName, Plan version, Consumer<Outcome> progress) {
    long start = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    for (TenantId id : ops.ids()) {
      TenantRecord record = ops.find(id).orElse(null);
      if (record == null || !record.plan().name().equals(planName)) {
        continue;
      }
      Outcome outcome = rollOutTo(record, version);
      outcomes.add(outcome);
      progress.accept(outcome);
    }
    return new RollOutReport(planName, outcomes, Duration.ofNanos(System.nanoTime() - start));
  }

  private Outcome rollOutTo(TenantRecord record, Plan version) {
    String tenant = record.name();
    if (record.overrides() == null) {
      return new Outcome(tenant, Result.SKIPPED, "its record is from before a tenant's own settings were kept, "
          + "so a roll-out could overwrite them; move it with tenant.changePlan(\"" + version.name() + "\")");
    }
    if (record.pending() != null) {
      return new Outcome(tenant, Result.SKIPPED, "an interrupted " + record.pending().type().name().toLowerCase()
          + " is pending; run tenancy.reconcile()");
    }
    try {
      ReconfigureReport report = reconfigure.apply(record.id(), current -> new Reconfigure.Target(
          PlanDiff.withSettings(version, current.effectivePlan(), current.overrides()), current.overrides()), false);
      return report.changed()
          ? new Outcome(tenant, Result.CHANGED, report.changes().stream().map(Object::toString)
              .collect(Collectors.joining(", ")))
          : new Outcome(tenant, Result.UNCHANGED, "");
    } catch (RuntimeException e) {
      return new Outcome(tenant, Result.FAILED, String.valueOf(e.getMessage()));
    }
  }
}
