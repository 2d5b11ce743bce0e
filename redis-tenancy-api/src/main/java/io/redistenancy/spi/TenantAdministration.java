package io.redistenancy.spi;

import io.redistenancy.TenantStatus;

/**
 * What a backend does itself for tenants that do not have a dedicated instance — an ACL user and key
 * prefix on a shared server, a registered external server — where the engine's own admin commands
 * ({@code CONFIG SET}, {@code INFO}, {@code FLUSHALL}) would reach other tenants or are not the
 * library's to send. A backend that offers it returns it from {@link Backend#administration()}.
 */
public interface TenantAdministration {
  /** The tenant's state and figures, measured by the backend (e.g. sampled usage of its own keys). */
  TenantStatus status(InstanceSpec spec);

  /** Applies a changed spec at once (e.g. a memory quota); called after {@link Backend#reconfigure}. */
  void applyLive(InstanceSpec spec);

  /** Removes the tenant's data and disconnects its clients, as {@code Tenant.reset()} promises. */
  void reset(InstanceSpec spec);

  /**
   * Makes the tenant user accept exactly the password hashes of {@code spec} now, without
   * disconnecting its clients: a password rotation adds the new hash next to the old one, and later
   * removes the old. Called after {@link Backend#reconfigure}. The default refuses, naming what is missing.
   */
  default void applyPasswords(InstanceSpec spec) {
    throw new io.redistenancy.TenancyException("This backend cannot rotate the password of tenant '"
        + spec.id().value() + "' live (TenantAdministration.applyPasswords is not implemented)");
  }
}
