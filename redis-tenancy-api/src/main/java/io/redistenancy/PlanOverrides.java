package io.redistenancy;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Plan values set on top of a plan, for a create ({@link TenantRequest}) or a change of a running
 * tenant ({@link Reconfiguration}). Each override is checked at once.
 *
 * @param <T> the request the overrides belong to, returned by every setter
 */
public interface PlanOverrides<T extends PlanOverrides<T>> {
  /**
   * Overrides plan values with {@link Plan.Builder}'s setters, checked at once, e.g.
   * {@code .override(p -> p.hz(5).maxClients(200))}: every plan value, one way. Overrides apply in
   * order, on top of the plan.
   */
  T override(Consumer<Plan.Builder> change);

  /** Refused below the plan minimum and above the tenancy's ceiling (default this machine's memory). */
  default T maxMemory(MemorySize maxMemory) {
    return override(p -> p.maxMemory(maxMemory));
  }

  default T evictionPolicy(EvictionPolicy evictionPolicy) {
    return override(p -> p.evictionPolicy(evictionPolicy));
  }

  default T persistence(Persistence persistence) {
    return override(p -> p.persistence(persistence));
  }

  default T maxClients(int maxClients) {
    return override(p -> p.maxClients(maxClients));
  }

  default T databases(int databases) {
    return override(p -> p.databases(databases));
  }

  default T idleTimeout(Duration idleTimeout) {
    return override(p -> p.idleTimeout(idleTimeout));
  }

  /** Plaintext, TLS only or both; TLS needs a backend with TCP (e.g. {@code Backends.local().tcpPorts(..)}). */
  default T access(Access access) {
    return override(p -> p.access(access));
  }

  /** Whether TLS clients must present a certificate from the home's CA. */
  default T clientAuth(ClientAuth clientAuth) {
    return override(p -> p.clientAuth(clientAuth));
  }

  /**
   * The keyspace notifications the tenant's Redis publishes; a dedicated instance only (a shared or
   * registered server's setting is server-wide, so it is refused there unless none).
   */
  default T keyspaceEvents(KeyspaceEvents keyspaceEvents) {
    return override(p -> p.keyspaceEvents(keyspaceEvents));
  }
}
