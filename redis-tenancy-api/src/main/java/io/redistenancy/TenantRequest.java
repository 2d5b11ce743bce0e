package io.redistenancy;

import java.time.Duration;

/**
 * A tenant to create: a plan plus overrides, ending in {@link #apply()}. Each setter validates its
 * value at once. Not thread-safe; one request creates one tenant.
 */
public interface TenantRequest {
  /** The plan to start from; {@code default} when not called. */
  TenantRequest plan(String planName);

  /** Refused below the plan minimum and above the tenancy's ceiling (default this machine's memory). */
  TenantRequest maxMemory(MemorySize maxMemory);

  TenantRequest evictionPolicy(EvictionPolicy evictionPolicy);

  TenantRequest persistence(Persistence persistence);

  TenantRequest maxClients(int maxClients);

  TenantRequest databases(int databases);

  TenantRequest idleTimeout(Duration idleTimeout);

  /** Plaintext, TLS only or both; TLS needs a backend with TCP (e.g. {@code Backends.local().tcpPorts(..)}). */
  TenantRequest access(Access access);

  /** Whether TLS clients must present a certificate from the home's CA. */
  TenantRequest clientAuth(ClientAuth clientAuth);

  /**
   * The keyspace notifications the tenant's Redis publishes; a dedicated instance only (a shared or
   * registered server's setting is server-wide, so {@link #apply()} refuses anything but none there).
   */
  TenantRequest keyspaceEvents(KeyspaceEvents keyspaceEvents);

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
