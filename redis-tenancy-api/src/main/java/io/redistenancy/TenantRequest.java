package io.redistenancy;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A tenant to create: a plan plus overrides, ending in {@link #apply()}. Each override is checked at
 * once. Not thread-safe; one request creates one tenant.
 */
public interface TenantRequest {
  /** The plan to start from; {@code default} when not called. */
  TenantRequest plan(String planName);

  /**
   * Overrides plan values for this tenant with {@link Plan.Builder}'s setters, checked at once, e.g.
   * {@code .override(p -> p.hz(5).maxClients(200))}: every plan value, one way. Overrides apply in
   * order, on top of the plan.
   */
  TenantRequest override(Consumer<Plan.Builder> change);

  /** Refused below the plan minimum and above the tenancy's ceiling (default this machine's memory). */
  default TenantRequest maxMemory(MemorySize maxMemory) {
    return override(p -> p.maxMemory(maxMemory));
  }

  default TenantRequest evictionPolicy(EvictionPolicy evictionPolicy) {
    return override(p -> p.evictionPolicy(evictionPolicy));
  }

  default TenantRequest persistence(Persistence persistence) {
    return override(p -> p.persistence(persistence));
  }

  default TenantRequest maxClients(int maxClients) {
    return override(p -> p.maxClients(maxClients));
  }

  default TenantRequest databases(int databases) {
    return override(p -> p.databases(databases));
  }

  default TenantRequest idleTimeout(Duration idleTimeout) {
    return override(p -> p.idleTimeout(idleTimeout));
  }

  /** Plaintext, TLS only or both; TLS needs a backend with TCP (e.g. {@code Backends.local().tcpPorts(..)}). */
  default TenantRequest access(Access access) {
    return override(p -> p.access(access));
  }

  /** Whether TLS clients must present a certificate from the home's CA. */
  default TenantRequest clientAuth(ClientAuth clientAuth) {
    return override(p -> p.clientAuth(clientAuth));
  }

  /**
   * The keyspace notifications the tenant's Redis publishes; a dedicated instance only (a shared or
   * registered server's setting is server-wide, so {@link #apply()} refuses anything but none there).
   */
  default TenantRequest keyspaceEvents(KeyspaceEvents keyspaceEvents) {
    return override(p -> p.keyspaceEvents(keyspaceEvents));
  }

  /**
   * Lets the new tenant take over keys that already exist under its prefix on a shared server
   * ({@code Backends.sharedServers()}), e.g. kept by {@code delete(Deletion.KEEP_DATA)} of an earlier
   * tenant of the same name, from this home or another. Without it such a create is refused, so a
   * reused name never reads another tenant's data by accident. Other backends ignore it.
   */
  TenantRequest adoptExistingKeys();

  /**
   * Creates the tenant and blocks until it answers {@code PING} with its own credentials on its own
   * endpoint. On any failure nothing is left behind.
   *
   * @throws TenantAlreadyExistsException if the name is taken
   * @throws InvalidRequestException for an unknown plan or an invalid value
   * @throws ProvisioningFailedException if the instance did not come up (with its log tail)
   */
  Tenant apply();
}
