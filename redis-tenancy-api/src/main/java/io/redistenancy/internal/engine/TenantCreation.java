package io.redistenancy.internal.engine;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Tenant;
import io.redistenancy.TenantRequest;
import io.redistenancy.internal.Names;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A create request: the plan name and overrides, each checked when set (by applying it to a
 * throw-away plan builder), applied to the plan in {@link #apply()}.
 */
final class TenantCreation implements TenantRequest {
  private final TenancyEngine engine;
  private final TenantId id;
  private String planName;
  private boolean adoptExistingKeys;
  private final List<UnaryOperator<Plan.Builder>> overrides = new ArrayList<>();

  TenantCreation(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
  }

  @Override
  public TenantRequest plan(String name) {
    this.planName = Names.requireValid("Plan name", name);
    return this;
  }

  @Override
  public TenantRequest maxMemory(MemorySize maxMemory) {
    engine.memoryCeiling().check(Objects.requireNonNull(maxMemory, "maxMemory"), "");
    return override(b -> b.maxMemory(maxMemory));
  }

  @Override
  public TenantRequest evictionPolicy(EvictionPolicy evictionPolicy) {
    return override(b -> b.evictionPolicy(evictionPolicy));
  }

  @Override
  public TenantRequest persistence(Persistence persistence) {
    return override(b -> b.persistence(persistence));
  }

  @Override
  public TenantRequest maxClients(int maxClients) {
    return override(b -> b.maxClients(maxClients));
  }

  @Override
  public TenantRequest databases(int databases) {
    return override(b -> b.databases(databases));
  }

  @Override
  public TenantRequest idleTimeout(Duration idleTimeout) {
    return override(b -> b.idleTimeout(idleTimeout));
  }

  @Override
  public TenantRequest access(Access access) {
    return override(b -> b.access(access));
  }

  @Override
  public TenantRequest clientAuth(ClientAuth clientAuth) {
    return override(b -> b.clientAuth(clientAuth));
  }

  @Override
  public TenantRequest keyspaceEvents(KeyspaceEvents keyspaceEvents) {
    return override(b -> b.keyspaceEvents(keyspaceEvents));
  }

  @Override
  public TenantRequest adoptExistingKeys() {
    this.adoptExistingKeys = true;
    return this;
  }

  /** Checks the value now (so a bad one fails at the call that set it), keeps it for apply(). */
  private TenantRequest override(UnaryOperator<Plan.Builder> setter) {
    setter.apply(Plan.DEFAULT.toBuilder());
    overrides.add(setter);
    return this;
  }

  @Override
  public Tenant apply() {
    Plan.Builder plan = resolvePlan().toBuilder();
    overrides.forEach(o -> o.apply(plan));
    Plan built = plan.build();
    requireTlsSupport(built);
    engine.memoryCeiling().check(built.maxMemory(), "Tenant '" + id + "' was not created.");
    engine.operations().requireOwnConfiguration(built.keyspaceEvents(), "Tenant '" + id + "' was not created.");
    engine.operations().create(id, built, adoptExistingKeys);
    return new EngineTenant(engine, id);
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
