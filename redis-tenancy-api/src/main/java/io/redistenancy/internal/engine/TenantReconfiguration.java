package io.redistenancy.internal.engine;

import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.ReconfigureReport;
import io.redistenancy.Reconfiguration;
import io.redistenancy.internal.Names;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.TenantId;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A reconfiguration request: an optional new plan and overrides, each checked when set (on a throw-away
 * builder), applied to the tenant's current record in {@link #apply()}.
 */
final class TenantReconfiguration implements Reconfiguration {
  private final TenancyEngine engine;
  private final TenantId id;
  private final OverrideList overrides;
  private String planName;
  private boolean allowRestart;

  TenantReconfiguration(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
    this.overrides = new OverrideList(engine.memoryCeiling());
  }

  @Override
  public Reconfiguration plan(String name) {
    this.planName = Names.requireValid("Plan name", name);
    return this;
  }

  /** Also refused at once above the tenancy's ceiling. */
  @Override
  public Reconfiguration maxMemory(MemorySize maxMemory) {
    overrides.maxMemory(maxMemory);
    return this;
  }

  @Override
  public Reconfiguration override(Consumer<Plan.Builder> change) {
    overrides.add(change);
    return this;
  }

  @Override
  public Reconfiguration allowRestart() {
    this.allowRestart = true;
    return this;
  }

  @Override
  public ReconfigureReport apply() {
    AuditParameters parameters = AuditParameters.none().flag("allowRestart", allowRestart)
        .count("overrides", overrides.size());
    if (planName != null) {
      parameters = parameters.name("plan", planName);
    }
    return engine.audited().call(AuditOperation.TENANT_RECONFIGURE, id, parameters, this::applyUnaudited);
  }

  /** For the operations that audit themselves under their own name (resize, keyspaceEvents). */
  ReconfigureReport applyUnaudited() {
    return engine.reconfigurations().apply(id, this::target, allowRestart);
  }

  /**
   * A new plan replaces the tenant's values and its own settings; without one the overrides change the
   * current values, and the settings they change become the tenant's own.
   */
  private Reconfigure.Target target(TenantRecord current) {
    Plan base = planName == null ? current.effectivePlan()
        : engine.planVersions().current(planName, "Tenant '" + id + "' was not changed.");
    Plan after = overrides.on(base);
    List<String> changedHere = PlanDiff.changed(base, after);
    if (planName != null) {
      return new Reconfigure.Target(after, changedHere);
    }
    if (current.overrides() == null) {
      return new Reconfigure.Target(after, null); // a record from before own settings were kept: still unknown
    }
    TreeSet<String> own = new TreeSet<>(current.overrides());
    own.addAll(changedHere);
    return new Reconfigure.Target(after, List.copyOf(own));
  }

  @Override
  public String toString() {
    return "Reconfiguration{" + id + (planName == null ? "" : ", plan " + planName) + "}";
  }
}
