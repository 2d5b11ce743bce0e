package io.redistenancy.spi;

import io.redistenancy.Deletion;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Realizes tenants' instances on one kind of infrastructure. The engine owns everything that is the
 * same on every backend (names, plans, users and passwords, state, readiness, status, events); a
 * backend only creates, starts, stops, finds and removes instances. Every resource it makes is marked
 * with {@link BackendContext#ownerId()}, and it never touches resources without that mark.
 *
 * <p>The engine serializes calls for one tenant; calls for different tenants may come in parallel.
 * Methods throw {@link io.redistenancy.TenancyException} subclasses; checked exceptions of the
 * infrastructure stay inside the backend.
 */
public interface Backend extends AutoCloseable {
  /** A short name: {@code local}, {@code docker}, {@code systemd}, … */
  String name();

  Set<Capability> capabilities();

  /**
   * Creates (if needed) and starts the instance for {@code spec}; idempotent per tenant. Returns once
   * the instance is started; the engine then waits for it to answer.
   */
  Instance provision(InstanceSpec spec);

  /**
   * Applies a changed spec to an existing instance for its next start (the engine applies what can
   * change live, such as {@code maxmemory}, with {@code CONFIG SET}). Backends with hard limits also
   * update those here, without a restart where they can.
   */
  void reconfigure(InstanceSpec spec);

  /** Starts an existing, stopped instance; does nothing if it runs. */
  Instance start(TenantId id);

  /** Stops an instance cleanly (Redis saves on SIGTERM when it persists); does nothing if stopped. */
  void stop(TenantId id);

  /**
   * Stops and removes the instance. With {@link Deletion#KEEP_DATA} the data files are kept and their
   * new location is returned; otherwise returns an empty string. Does nothing if there is no instance.
   */
  String remove(TenantId id, Deletion deletion);

  /** What the backend sees of one instance now. */
  InstanceState state(TenantId id);

  /** Every instance this home owns, as it really exists. */
  List<DiscoveredInstance> discover();

  /** The last lines of the instance's log, for error messages; empty if there is none. */
  String logTail(TenantId id);

  /**
   * Empty (the default) when every tenant has a dedicated instance: the engine then uses its own
   * administration, with the admin user of the {@link InstanceSpec} on the instance. Otherwise the
   * backend's own {@link TenantAdministration}, which also says how backups reach the tenants' data
   * ({@link TenantAdministration#remoteAccess()}).
   */
  default Optional<TenantAdministration> administration() {
    return Optional.empty();
  }

  /**
   * Where a running instance listens now, if the backend can tell without side effects; empty (the
   * default) when it cannot or the instance does not run. The engine compares it with its record.
   */
  default Optional<Instance> instance(TenantId id) {
    return Optional.empty();
  }

  /**
   * Access to dedicated instances' data files, for restoring backups; empty (the default) when the
   * backend cannot offer it, and then restores are refused.
   */
  default Optional<InstanceDataAccess> dataAccess() {
    return Optional.empty();
  }

  /** Releases the backend's resources; instances follow the backend's own lifecycle rules. */
  @Override
  void close();
}
