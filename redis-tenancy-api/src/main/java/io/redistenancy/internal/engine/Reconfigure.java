package io.redistenancy.internal.engine;

import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import io.redistenancy.ReconfigureReport;
import io.redistenancy.ReconfigureReport.Applied;
import io.redistenancy.ReconfigureReport.Change;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Changes a tenant's plan: checked whole first (the plan's requirements, the backend's, what needs a
 * restart), the intent recorded (the new plan, pending, so reconcile finishes it after a crash), the
 * rendered configuration updated for later starts, then each changed setting applied live in the
 * table's order; any failure reverts what was applied and the configuration, and the old record is
 * saved again. A restart, when allowed and needed, is the last step.
 */
final class Reconfigure {
  /** The pending operation's detail when the reconfiguration ends with a restart (reconcile restarts too). */
  static final String RESTART = "restart";

  private final TenantOperations ops;
  private final PlanRequirements requirements;

  Reconfigure(TenantOperations ops, PlanRequirements requirements) {
    this.ops = ops;
    this.requirements = requirements;
  }

  /** The plan a tenant should have, and which of its settings are its own (kept by roll-outs). */
  record Target(Plan plan, List<String> ownSettings) {}

  /** Works out the target from the tenant's current record. */
  @FunctionalInterface
  interface Targeting {
    Target from(TenantRecord current);
  }

  ReconfigureReport apply(TenantId id, Targeting targeting, boolean allowRestart) {
    return ops.locks().with(id, () -> change(id, targeting, allowRestart));
  }

  private ReconfigureReport change(TenantId id, Targeting targeting, boolean allowRestart) {
    String outcome = "Tenant '" + id + "' was not changed.";
    TenantRecord current = ops.require(id);
    if (current.pending() != null) {
      throw new TenancyException("Tenant '" + id + "' has an interrupted " + current.pending().type().name()
          .toLowerCase() + " pending; run tenancy.reconcile() first. " + outcome);
    }
    Target target = targeting.from(current);
    Plan before = current.effectivePlan();
    Plan after = target.plan();
    requirements.check(id, after, outcome);
    List<PlanDirective<?>> changed = PlanDiff.directives(before, after);
    requirements.requireOnlyTenantSettings(id, changed, after, outcome);
    if (changed.isEmpty() && before.name().equals(after.name())) {
      if (!java.util.Objects.equals(current.overrides(), target.ownSettings())) {
        ops.save(current.withPlan(after, target.ownSettings()));
      }
      return new ReconfigureReport(id.value(), List.of(), Optional.empty());
    }
    boolean running = ops.backend().state(id) == InstanceState.RUNNING;
    List<Change> changes = plannedChanges(before, after, changed, running);
    List<String> needRestart = changes.stream().filter(c -> c.applied() == Applied.RESTART)
        .map(Change::toString).toList();
    if (!needRestart.isEmpty() && !allowRestart) {
      throw new InvalidRequestException("Tenant '" + id + "' cannot change " + needRestart.stream()
          .map(c -> c.replace(" (RESTART)", "")).collect(Collectors.joining(", ")) + " while it runs: neither Redis nor the " + ops.backend().name()
          + " backend can change " + (needRestart.size() == 1 ? "it" : "them") + " live. Use tenant.reconfigure()….allowRestart()"
          + " to apply with a restart (data kept per persistence " + after.persistence() + "). " + outcome);
    }
    TenantRecord pending = current.withPlan(after, target.ownSettings())
        .begin(Operation.Type.RECONFIGURE, ops.clock().instant(), needRestart.isEmpty() ? null : RESTART);
    ops.save(pending);
    Optional<Duration> aofRewrite;
    try {
      ops.backend().reconfigure(ops.spec(pending));
      pending = followListeners(pending, before, after, running);
      ops.save(pending);
      aofRewrite = running ? applyLive(pending, before, changed) : Optional.empty();
      if (!needRestart.isEmpty() && running) {
        ops.backend().stop(id);
        pending = ops.startInstance(pending);
      }
      ops.save(ops.require(id).done());
    } catch (RuntimeException e) {
      rollBack(current, before, after, running, e);
      throw e;
    }
    announce(id, before, after, changed);
    return new ReconfigureReport(id.value(), changes, aofRewrite);
  }

  private List<Change> plannedChanges(Plan before, Plan after, List<PlanDirective<?>> changed, boolean running) {
    List<Change> changes = new ArrayList<>();
    if (!before.name().equals(after.name())) {
      changes.add(new Change("plan", before.name(), after.name(), running ? Applied.LIVE : Applied.NEXT_START));
    }
    for (PlanDirective<?> directive : changed) {
      changes.add(new Change(directive.key(), String.valueOf(directive.valueIn(before)),
          String.valueOf(directive.valueIn(after)), running ? how(directive) : Applied.NEXT_START));
    }
    return changes;
  }

  private Applied how(PlanDirective<?> directive) {
    return switch (LiveSettings.route(directive)) {
      case CONFIG_SET, NOTHING -> Applied.LIVE;
      case LISTENERS -> ops.backend().capabilities().contains(Capability.LIVE_ACCESS) ? Applied.LIVE : Applied.RESTART;
      case RESTART -> Applied.RESTART;
    };
  }

  /** After a live access change the instance listens elsewhere: the record (connection(), handover) follows. */
  private TenantRecord followListeners(TenantRecord record, Plan before, Plan after, boolean running) {
    if (!running || before.access() == after.access()) {
      return record;
    }
    return ops.backend().instance(record.id()).map(record::withInstance).orElse(record);
  }

  /** Applies each changed setting live, in table order; returns how long the AOF rewrite took if AOF was turned on. */
  private Optional<Duration> applyLive(TenantRecord record, Plan before, List<PlanDirective<?>> changed) {
    if (!ops.kind().administration().ownsServerConfiguration()) {
      ops.kind().administration().applyLive(ops.spec(record)); // a shared server: the quota
      return Optional.empty();
    }
    Plan after = record.effectivePlan();
    List<PlanDirective<?>> live = changed.stream()
        .filter(d -> LiveSettings.route(d) == LiveSettings.Route.CONFIG_SET).toList();
    boolean persistenceDone = false;
    Duration rewrite = null;
    for (PlanDirective<?> directive : live) {
      if (LiveSettings.isPersistence(directive)) {
        if (persistenceDone) {
          continue; // persistence and save points are one command
        }
        persistenceDone = true;
      }
      long start = System.nanoTime();
      set(record, directive, after);
      if (directive == PlanDirectives.PERSISTENCE && after.persistence().usesAof() && !before.persistence().usesAof()) {
        ops.admin(record, conn -> {
          LiveSettings.awaitAofRewrite(record.name(), conn);
          return null;
        });
        rewrite = Duration.ofNanos(System.nanoTime() - start);
      }
    }
    return Optional.ofNullable(rewrite);
  }

  private void set(TenantRecord record, PlanDirective<?> directive, Plan plan) {
    String[] command = LiveSettings.command(directive, plan);
    ops.admin(record, conn -> {
      try {
        return conn.call(command);
      } catch (RespException e) {
        throw new TenancyException("Tenant '" + record.name() + "': Redis refused " + directive.key() + " "
            + directive.valueIn(plan) + " (" + e.getMessage() + "); the reconfiguration was rolled back", e);
      }
    });
  }

  /**
   * Puts the tenant back as it was: the configuration rendered from the old record (which also moves
   * live listeners back), every live value of the old plan set again, the old record saved.
   */
  private void rollBack(TenantRecord current, Plan before, Plan after, boolean running, RuntimeException cause) {
    TenantRecord restored = current;
    try {
      ops.backend().reconfigure(ops.spec(current));
      restored = followListeners(current, after, before, running);
      ops.save(restored);
      if (running && ops.backend().state(current.id()) == InstanceState.RUNNING) {
        ops.kind().administration().applyLive(ops.spec(restored));
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      // reconcile puts the old plan back (or, if not even the old record was saved, finishes the new one)
      ops.save(restored.begin(Operation.Type.RECONFIGURE, ops.clock().instant(), null));
    }
  }

  private void announce(TenantId id, Plan before, Plan after, List<PlanDirective<?>> changed) {
    if (!before.name().equals(after.name())) {
      ops.events().emit(id.value(), new EventPayload.Reconfigured("plan", before.name(), after.name()));
    }
    for (PlanDirective<?> directive : changed) {
      if (directive == PlanDirectives.MAX_MEMORY) {
        ops.events().emit(id.value(), new EventPayload.Resized(before.maxMemory(), after.maxMemory()));
      } else {
        ops.events().emit(id.value(), new EventPayload.Reconfigured(directive.key(),
            String.valueOf(directive.valueIn(before)), String.valueOf(directive.valueIn(after))));
      }
    }
  }
}
