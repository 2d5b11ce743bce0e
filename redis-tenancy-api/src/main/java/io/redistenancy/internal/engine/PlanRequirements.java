package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import io.redistenancy.internal.plan.PlanDirective;
import io.redistenancy.internal.plan.PlanDirectives;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.TenantId;
import java.util.List;

/**
 * What a plan must meet on this tenancy's backend, checked before anything is made or changed: the
 * memory ceiling, TLS only with TCP, and server-wide settings only where tenants own their server.
 * Every refusal names the value, what is allowed and the outcome ("was not created/changed").
 */
final class PlanRequirements {
  private final TenantOperations ops;
  private final MemoryCeiling ceiling;

  PlanRequirements(TenantOperations ops, MemoryCeiling ceiling) {
    this.ops = ops;
    this.ceiling = ceiling;
  }

  void check(TenantId id, Plan plan, String outcome) {
    ceiling.check(plan.maxMemory(), outcome);
    requireTlsSupport(id, plan, outcome);
    ops.requireOwnConfiguration(plan.keyspaceEvents(), outcome);
    requireOwnServer(id, plan, outcome);
  }

  /**
   * Refuses a change of a setting that is the server's where tenants do not own their server (a shared
   * or registered server): only the memory (a quota there) and the library's own settings (backups) are
   * the tenant's.
   */
  void requireOnlyTenantSettings(TenantId id, List<PlanDirective<?>> changed, Plan after, String outcome) {
    if (ops.kind().administration().ownsServerConfiguration()) {
      return;
    }
    for (PlanDirective<?> directive : changed) {
      if (directive != PlanDirectives.MAX_MEMORY && directive.shapesInstance()) {
        throw new InvalidRequestException("Tenant '" + id + "' cannot change " + directive.key() + " to "
            + directive.valueIn(after) + ": on the " + ops.backend().name() + " backend it is the server's setting, "
            + "not the tenant's (only maxMemory, a quota there, and the backup settings can change). " + outcome);
      }
    }
  }

  /**
   * Refuses a server-wide directive other than its default (e.g. {@code hz}) where tenants do not own
   * their server's configuration; keyspace events are refused in their own words.
   */
  private void requireOwnServer(TenantId id, Plan plan, String outcome) {
    if (ops.backend().administration().isEmpty()) {
      return;
    }
    for (PlanDirective<?> directive : PlanDirectives.ALL) {
      Object value = directive.valueIn(plan);
      if (directive.serverWide() && !value.equals(directive.defaultValue())) {
        throw new InvalidRequestException("Tenant '" + id + "' cannot have " + directive.fileName().orElseThrow()
            + " " + value + ": it is server-wide, and the " + ops.backend().name() + " backend's tenants do not own "
            + "their server's configuration (only a dedicated instance can). " + outcome);
      }
    }
  }

  private void requireTlsSupport(TenantId id, Plan plan, String outcome) {
    if (plan.access().usesTls() && !ops.backend().capabilities().contains(Capability.TLS)) {
      throw new InvalidRequestException("Tenant '" + id + "' cannot have access " + plan.access() + ": the "
          + ops.backend().name() + " backend serves no TLS as configured (TLS needs TCP: the local and systemd "
          + "backends get it with tcpPorts(first, last), Docker with tcp(bind, first, last)). " + outcome);
    }
  }
}
