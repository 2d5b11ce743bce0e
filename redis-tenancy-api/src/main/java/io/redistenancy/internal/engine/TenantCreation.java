package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.Tenant;
import io.redistenancy.TenantRequest;
import io.redistenancy.internal.Names;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  private final List<Consumer<Plan.Builder>> overrides = new ArrayList<>();

  TenantCreation(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
  }

  @Override
  public TenantRequest plan(String name) {
    this.planName = Names.requireValid("Plan name", name);
    return this;
  }

  /** Also refused at once above the tenancy's ceiling, not only at {@link #apply()}. */
  @Override
  public TenantRequest maxMemory(MemorySize maxMemory) {
    engine.memoryCeiling().check(Objects.requireNonNull(maxMemory, "maxMemory"), "");
    return override(b -> b.maxMemory(maxMemory));
  }

  @Override
  public TenantRequest adoptExistingKeys() {
    this.adoptExistingKeys = true;
    return this;
  }

  /** Checks the values now (so a bad one fails at the call that set it), keeps them for apply(). */
  @Override
  public TenantRequest override(Consumer<Plan.Builder> change) {
    Objects.requireNonNull(change, "change");
    change.accept(Plan.DEFAULT.toBuilder());
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
    Plan.Builder plan = resolvePlan().toBuilder();
    overrides.forEach(o -> o.accept(plan));
    Plan built = plan.build();
    requireTlsSupport(built);
    engine.memoryCeiling().check(built.maxMemory(), "Tenant '" + id + "' was not created.");
    engine.operations().requireOwnConfiguration(built.keyspaceEvents(), "Tenant '" + id + "' was not created.");
    requireOwnServer(built);
    engine.operations().create(id, built, adoptExistingKeys);
    return new EngineTenant(engine, id);
  }

  /**
   * Refuses a server-wide directive other than its default (e.g. {@code hz}) where tenants do not own
   * their server's configuration; keyspace events are refused above, in their own words.
   */
  private void requireOwnServer(Plan plan) {
    var backend = engine.operations().backend();
    if (backend.administration().isEmpty()) {
      return;
    }
    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      Object value = directive.valueIn(plan);
      if (directive.serverWide() && !value.equals(directive.defaultValue())) {
        throw new InvalidRequestException("Tenant '" + id + "' cannot have " + directive.fileName().orElseThrow()
            + " " + value + ": it is server-wide, and the " + backend.name() + " backend's tenants do not own their "
            + "server's configuration (only a dedicated instance can). Tenant '" + id + "' was not created.");
      }
    }
  }

  private void requireTlsSupport(Plan plan) {
    var backend = engine.operations().backend();
    if (plan.access().usesTls() && !backend.capabilities().contains(Capability.TLS)) {
      throw new InvalidRequestException("Tenant '" + id + "' cannot have access " + plan.access() + ": the "
          + backend.name() + " backend serves no TLS as configured (TLS needs TCP: the local and systemd backends"
          + " get it with tcpPorts(first, last), Docker with tcp(bind, first, last)). Tenant '" + id
          + "' was not created.");
    }
  }

  private Plan resolvePlan() {
    if (planName == null) {
      return engine.plans().find("default").orElse(Plan.DEFAULT);
    }
    return engine.plans().find(planName).orElseThrow(() -> new InvalidRequestException("Plan '" + planName
        + "' does not exist; known plans: " + known() + ". Tenant '" + id + "' was not created."));
  }

  private String known() {
    var names = new java.util.TreeSet<>(engine.plans().names());
    names.add("default");
    return String.join(", ", names);
  }

  @Override
  public String toString() {
    return "TenantRequest{" + id + (planName == null ? "" : ", plan " + planName) + "}";
  }
}
