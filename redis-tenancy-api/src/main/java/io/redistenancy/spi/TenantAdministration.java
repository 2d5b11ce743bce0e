package io.redistenancy.spi;

import io.redistenancy.ServerTls;
import io.redistenancy.TenantStatus;
import java.util.Optional;

/**
 * The administration of one kind of tenant: how its status is measured, its plan's live values and
 * passwords applied, its data reset, its connections closed and its data reached for backups. The
 * engine does every one of these through this interface. Tenants with a dedicated instance have the
 * library's own administration (admin commands such as {@code CONFIG SET}, {@code INFO},
 * {@code FLUSHALL} on the instance), used for every backend whose {@link Backend#administration()} is
 * empty. A backend whose tenants do not have a dedicated instance — an ACL user and key prefix on a
 * shared server, a registered external server — returns its own, since those commands would reach
 * other tenants or are not the library's to send there.
 *
 * <p>The defaults describe such a backend: it applies a spec's users at once in {@link Backend#reconfigure}
 * (a password rotation sends the tenant user with two hashes, old and new, for the grace period, later
 * with the new one only, and clients must not be disconnected by either), it does not own the server's
 * configuration, it does not close the tenant's connections, and backups are refused until it offers
 * {@link #remoteAccess()}.
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

  /**
   * Whether tenants own their server's configuration, so that server-wide settings such as
   * {@code notify-keyspace-events} may follow their plan; false (the default) refuses such plans.
   */
  default boolean ownsServerConfiguration() {
    return false;
  }

  /**
   * Applies the spec's users' passwords to the running server at once, disconnecting no one; called
   * after {@link Backend#reconfigure} with the same spec. Does nothing by default (the backend applied
   * them in {@code reconfigure}).
   */
  default void applyCredentials(InstanceSpec spec) {}

  /**
   * Whether {@link #closeConnections} closes the tenant user's connections; false (the default) makes
   * the engine refuse a password rotation that promises to close them.
   */
  default boolean closesConnections() {
    return false;
  }

  /** Closes every open connection of the tenant user, if it runs; called only when {@link #closesConnections()}. */
  default void closeConnections(InstanceSpec spec) {}

  /**
   * How backups and restores reach the tenants' data over the network. Empty (the default): backups
   * and restores of these tenants are refused with a message saying why (scheduled ones fail and are
   * reported as {@code BACKUP_FAILED}, then {@code BACKUP_STALE}).
   */
  default Optional<RemoteAccess> remoteAccess() {
    return Optional.empty();
  }
}
