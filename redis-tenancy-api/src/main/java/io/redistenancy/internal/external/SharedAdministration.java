package io.redistenancy.internal.external;

import io.redistenancy.MemorySize;
import io.redistenancy.ServerTls;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.RemoteAccess;
import io.redistenancy.spi.TenantAdministration;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Status, quota and reset of tenants on shared servers, where the engine's own admin commands would
 * reach every tenant: the tenant's keys are counted and sampled by the admin user ({@link TenantKeys}),
 * its clients counted per node. A status enforces the quota it measured ({@link Quotas}), as the
 * backend's own quota checks do ({@link QuotaWatch}) between statuses.
 */
final class SharedAdministration implements TenantAdministration {
  private final InstanceEvents events;
  private final int memorySamples;
  private final Function<TenantId, SharedServer> serverOf;
  private final Function<TenantId, Optional<ServerTls>> tlsOf;
  private final Quotas quotas;
  private final RemoteAccess remote;

  /**
   * @param serverOf the server of a placed tenant (or an error saying it has none)
   * @param tlsOf how the server of a tenant is verified, where it speaks TLS
   * @param remote the admin login to a tenant's server, for backups
   */
  SharedAdministration(InstanceEvents events, int memorySamples, Function<TenantId, SharedServer> serverOf,
      Function<TenantId, Optional<ServerTls>> tlsOf, Quotas quotas, RemoteAccess remote) {
    this.quotas = quotas;
    this.remote = remote;
    this.events = events;
    this.memorySamples = memorySamples;
    this.serverOf = serverOf;
    this.tlsOf = tlsOf;
  }

  @Override
  public Optional<ServerTls> serverTls(TenantId id) {
    return tlsOf.apply(id);
  }

  @Override
  public Optional<RemoteAccess> remoteAccess() {
    return Optional.of(remote);
  }

  @Override
  public TenantStatus status(InstanceSpec spec) {
    TenantId id = spec.id();
    SharedServer server = serverOf.apply(id);
    MemorySize quota = spec.plan().maxMemory();
    quotas.learn(spec);
    return server.work("measure tenant '" + id + "'", () -> {
      if (server.cluster()) {
        server.refreshTopology();
      }
      TenantKeys.Usage usage = TenantKeys.measure(server, AclRules.keyPrefix(id.value()), memorySamples);
      int clients = 0;
      String marker = " user=" + id.value() + " ";
      for (SharedServer.Node node : server.nodes()) {
        String list = SharedServer.string(server.pool(node.endpoint()).call("CLIENT", "LIST"));
        clients += (int) list.lines().filter(l -> l.contains(marker)).count();
      }
      MemorySize used = MemorySize.ofBytes(usage.bytes());
      quotas.enforce(server, id, used, quota);
      Set<String> warnings = new LinkedHashSet<>(server.unpersisted().values());
      Optional<String> problem = warnings.isEmpty() ? Optional.empty()
          : Optional.of("warning: " + String.join("; ", warnings));
      return new TenantStatus(id.value(), TenantState.RUNNING, Duration.ZERO, used, used, quota, usage.keys(), 0, 0.0,
          clients, 0, Optional.empty(), problem);
    });
  }

  /** A shared server has nothing to change at run time: the next quota check compares with the new quota. */
  @Override
  public void applyLive(InstanceSpec spec) {
    quotas.learn(spec);
  }

  @Override
  public void reset(InstanceSpec spec) {
    TenantId id = spec.id();
    SharedServer server = serverOf.apply(id);
    server.work("reset tenant '" + id + "'", () -> {
      server.disconnect(id.value());
      if (server.cluster()) {
        server.refreshTopology();
      }
      TenantKeys.removeAll(server, AclRules.keyPrefix(id.value()));
      quotas.enforce(server, id, MemorySize.ofBytes(0), spec.plan().maxMemory());
      return null;
    });
  }
}
