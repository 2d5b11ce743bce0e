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
 * its clients counted per node. A usage over the plan's {@code maxMemory} is enforced as far as ACLs
 * can: the tenant's user is rewritten with {@link AclRules#READ_AND_DELETE} (it may read and delete, not
 * write) and {@code QUOTA_EXCEEDED} is sent; a status that finds it under again gives the full rules
 * back and sends {@code QUOTA_RESTORED}.
 */
final class SharedAdministration implements TenantAdministration {
  private final InstanceEvents events;
  private final int memorySamples;
  private final Function<TenantId, SharedServer> serverOf;
  private final Function<TenantId, Optional<ServerTls>> tlsOf;
  private final Set<TenantId> overQuota = ConcurrentHashMap.newKeySet();
  private final UserRules rules;
  private final RemoteAccess remote;

  /** Writes a tenant's user again with the rules its quota state allows ({@link #overQuota}). */
  @FunctionalInterface
  interface UserRules {
    void apply(SharedServer server, InstanceSpec spec) throws IOException;
  }

  /**
   * @param serverOf the server of a placed tenant (or an error saying it has none)
   * @param tlsOf how the server of a tenant is verified, where it speaks TLS
   * @param remote the admin login to a tenant's server, for backups
   */
  SharedAdministration(InstanceEvents events, int memorySamples, Function<TenantId, SharedServer> serverOf,
      Function<TenantId, Optional<ServerTls>> tlsOf, UserRules rules, RemoteAccess remote) {
    this.rules = rules;
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
      enforceQuota(server, spec, used, quota);
      Set<String> warnings = new LinkedHashSet<>(server.unpersisted().values());
      Optional<String> problem = warnings.isEmpty() ? Optional.empty()
          : Optional.of("warning: " + String.join("; ", warnings));
      return new TenantStatus(id.value(), TenantState.RUNNING, Duration.ZERO, used, used, quota, usage.keys(), 0, 0.0,
          clients, 0, Optional.empty(), problem);
    });
  }

  /** Switches the tenant to read-and-delete when it crossed its quota, and back when it is under again. */
  private void enforceQuota(SharedServer server, InstanceSpec spec, MemorySize used, MemorySize quota)
      throws IOException {
    TenantId id = spec.id();
    String usage = "uses about " + used + " of its " + quota + " quota (sampled)";
    if (used.compareTo(quota) > 0) {
      if (overQuota.add(id)) {
        rules.apply(server, spec);
        events.quotaExceeded(id, usage + "; it may read and delete its keys but not write until it is under again");
      }
    } else {
      restore(server, spec, usage);
    }
  }

  private void restore(SharedServer server, InstanceSpec spec, String why) throws IOException {
    if (overQuota.remove(spec.id())) {
      rules.apply(server, spec);
      events.quotaRestored(spec.id(), why + "; it may write again");
    }
  }

  /** Whether the tenant is held to read-and-delete. */
  boolean overQuota(TenantId id) {
    return overQuota.contains(id);
  }

  /** A shared server has nothing to change at run time: the next {@link #status} compares with the new quota. */
  @Override
  public void applyLive(InstanceSpec spec) {}

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
      restore(server, spec, "holds no keys after a reset");
      return null;
    });
  }

  /** The tenant is gone: a later tenant of the same name starts with a clean quota state. */
  void forget(TenantId id) {
    overQuota.remove(id);
  }
}
