package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.Tenant;
import io.redistenancy.TenantRequest;
import io.redistenancy.internal.Names;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.spi.TenantId;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A create request: the plan name and overrides, each checked when set (by applying it to a
 * throw-away plan builder), applied to the plan in {@link #apply()}.
 */
final class TenantCreation implements TenantRequest {
  private final TenancyEngine engine;
  private final TenantId id;
  private String planName;
  private boolean adoptExistingKeys;
  private final OverrideList overrides;

  TenantCreation(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
    this.overrides = new OverrideList(engine.memoryCeiling());
  }

  @Override
  public TenantRequest plan(String name) {
    this.planName = Names.requireValid("Plan name", name);
    return this;
  }

  /** Also refused at once above the tenancy's ceiling, not only at {@link #apply()}. */
  @Override
  public TenantRequest maxMemory(MemorySize maxMemory) {
    overrides.maxMemory(maxMemory);
    return this;
  }

  @Override
  public TenantRequest adoptExistingKeys() {
    this.adoptExistingKeys = true;
    return this;
  }

  /** Checks the values now (so a bad one fails at the call that set it), keeps them for apply(). */
  @Override
  public TenantRequest override(Consumer<Plan.Builder> change) {
    overrides.add(change);
    return this;
  }

  @Override
  public Tenant apply() {
    return engine.audited().call(AuditOperation.TENANT_CREATE, Optional.of(id), parameters(), this::create,
        created -> parameters().plan("plan", created.plan()).size("maxMemory", created.plan().maxMemory()));
  }

  /** The request as given (the overrides are code, not values: only their number); the plan once created. */
  private AuditParameters parameters() {
    return AuditParameters.none().flag("adoptExistingKeys", adoptExistingKeys).count("overrides", overrides.size());
  }

  private Tenant create() {
    Plan base = resolvePlan();
    Plan built = overrides.on(base);
    engine.requirements().check(id, built, "Tenant '" + id + "' was not created.");
    engine.operations().create(id, built, PlanDiff.changed(base, built), adoptExistingKeys);
    return new EngineTenant(engine, id);
  }

  private Plan resolvePlan() {
    if (planName == null) {
      return engine.plans().find("default").orElse(Plan.DEFAULT);
    }
    return engine.plans().find(planName).orElseThrow(() -> new InvalidRequestException("Plan '" + planName
        + "' does not exist; known plans: " + PlanVersions.known(engine.plans()) + ". Tenant '" + id + "' was not created."));
  }

  @Override
  public String toString() {
    return "TenantRequest{" + id + (planName == null ? "" : ", plan " + planName) + "}";
  }
}
