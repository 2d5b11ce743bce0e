package io.redistenancy.spi;

import io.redistenancy.ServerTls;
import java.util.Optional;

import io.redistenancy.TenantStatus;

/**
 * What a backend does itself for tenants that do not have a dedicated instance — an ACL user and key
 * prefix on a shared server, a registered external server — where the engine's own admin commands
 * ({@code CONFIG SET}, {@code INFO}, {@code FLUSHALL}) would reach other tenants or are not the
 * library's to send. A backend that offers it returns it from {@link Backend#administration()}.
 *
 * <p>Such a backend applies a spec's users at once in {@link Backend#reconfigure}: a password
 * rotation sends the tenant user with two hashes (old and new, for the grace period), later with the
 * new one only, and clients must not be disconnected by either.
 */
public interface TenantAdministration {
  /** The tenant's state and figures, measured by the backend (e.g. sampled usage of its own keys). */
  TenantStatus status(InstanceSpec spec);

  /** Applies a changed spec at once (e.g. a memory quota); called after {@link Backend#reconfigure}. */
  void applyLive(InstanceSpec spec);

  /** Removes the tenant's data and disconnects its clients, as {@code Tenant.reset()} promises. */
  void reset(InstanceSpec spec);

  /**
   * For a tenant whose server speaks TLS with certificates of its own (not the home CA's): how the
   * engine and the tenant's clients verify it. Empty (the default) when the home CA applies or there is
   * no TLS.
   */
  default Optional<ServerTls> serverTls(TenantId id) {
    return Optional.empty();
  }

}
