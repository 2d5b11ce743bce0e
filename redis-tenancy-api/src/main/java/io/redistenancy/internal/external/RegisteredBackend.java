package io.redistenancy.internal.external;

import io.redistenancy.EventPayload;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.internal.external.RegisteredSettings.Registration;
import io.redistenancy.ServerTls;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantStatus;
import io.redistenancy.spi.RemoteAccess;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.internal.redis.InfoParser;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantAdministration;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants that are whole external servers ({@link io.redistenancy.RegisteredServers}). The backend makes the tenant's
 * ACL user on the server with the admin user of its registration, and keeps which tenants this home
 * registered in {@link TenantFiles}. It never changes the server's settings, and removing a
 * tenant removes only its user: the data stays.
 */
public final class RegisteredBackend implements Backend, TenantAdministration, RemoteAccess {
  private static final Logger LOG = LoggerFactory.getLogger(RegisteredBackend.class);

  private final BackendContext context;
  private final RegisteredSettings settings;
  private final TenantFiles records;
  private final Map<TenantId, NodePool> pools = new ConcurrentHashMap<>();
  /** Registered servers that did not answer the last health check, with why. */
  private final Map<TenantId, String> unreachable = new ConcurrentHashMap<>();
  /** The health poll, on the engine's scheduler. */
  private final ScheduledTasks health;

  private RegisteredBackend(BackendContext context, RegisteredSettings settings) {
    this.context = context;
    this.settings = settings;
    this.records = new TenantFiles(context.workDirectory(), "registered");
    this.health = new ScheduledTasks(context.scheduler());
  }

  public static RegisteredBackend open(BackendContext context, RegisteredSettings settings) {
    RegisteredBackend backend = new RegisteredBackend(context, settings);
    Duration every = settings.healthInterval();
    backend.health.scheduleWithFixedDelay(backend::checkHealth, every, every);
    return backend;
  }

  @Override
  public String name() {
    return "registered";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.TCP);
  }

  @Override
  public Optional<TenantAdministration> administration() {
    return Optional.of(this);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public Instance provision(InstanceSpec spec) {
    TenantId id = spec.id();
    Registration registration = registration(id);
    return io(id, "register tenant '" + id + "'", pool -> {
      requireNoDefaultLogin(id, pool);
      if (!records.contains(id) && pool.call("ACL", "GETUSER", id.value()) != null) {
        throw new TenancyException("Tenant '" + id + "' cannot be registered on " + registration.endpoint()
            + ": an ACL user '" + id + "' exists there that this tenancy did not make. Remove it, or register "
            + "another server.");
      }
      boolean known = records.contains(id);
      records.save(id, spec.hash()); // first: a user this tenancy made is always on record
      try {
        pool.call(AclRules.setWholeServerUser(tenantUser(spec), true).toArray(String[]::new));
      } catch (RespException refused) {
        if (!known) {
          records.delete(id);
        }
        throw refused;
      }
      persist(id, pool);
      return new Instance(id, List.of(registration.endpoint()));
    });
  }

  /**
   * Refuses a server whose {@code default} user is on with rights: the tenant could become it (by
   * {@code RESET}, or {@code AUTH} with {@code requirepass}) and with it the server's admin.
   */
  private static void requireNoDefaultLogin(TenantId id, NodePool pool) throws IOException {
    Optional<String> exposure = DefaultUser.exposure(pool);
    if (exposure.isPresent()) {
      throw new ProvisioningFailedException("Tenant '" + id + "' cannot be registered on " + pool.endpoint() + ": "
          + exposure.get() + ". Run " + DefaultUser.FIX + " on that server (and ACL SAVE or CONFIG REWRITE to keep"
          + " it), then create the tenant again.");
    }
  }

  @Override
  public void reconfigure(InstanceSpec spec) {
    TenantId id = spec.id();
    InstanceState state = state(id);
    if (state != InstanceState.RUNNING && state != InstanceState.STOPPED) {
      return;
    }
    io(id, "change tenant '" + id + "'", pool -> {
      pool.call(AclRules.setWholeServerUser(tenantUser(spec), state == InstanceState.RUNNING).toArray(String[]::new));
      records.save(id, spec.hash());
      persist(id, pool);
      return null;
    });
  }

  @Override
  public Instance start(TenantId id) {
    Registration registration = registration(id);
    return io(id, "start tenant '" + id + "'", pool -> {
      pool.call("ACL", "SETUSER", id.value(), "on");
      persist(id, pool);
      return new Instance(id, List.of(registration.endpoint()));
    });
  }

  @Override
  public void stop(TenantId id) {
    if (!records.contains(id)) {
      return;
    }
    io(id, "stop tenant '" + id + "'", pool -> {
      pool.call("ACL", "SETUSER", id.value(), "off");
      disconnect(id, pool);
      persist(id, pool);
      return null;
    });
  }

  /** Unregisters: the tenant's user goes, the server and its data stay whatever {@code deletion} says. */
  @Override
  public String remove(TenantId id, Deletion deletion) {
    if (!records.contains(id)) {
      return "";
    }
    if (settings.registration(id).isPresent()) {
      io(id, "unregister tenant '" + id + "'", pool -> {
        disconnect(id, pool);
        pool.call("ACL", "DELUSER", id.value());
        persist(id, pool);
        return null;
      });
    }
    records.delete(id);
    closePool(id);
    unreachable.remove(id);
    String where = settings.registration(id).map(r -> r.endpoint().toString()).orElse("its server");
    LOG.info("tenant '{}' unregistered; {} and its data are left as they are", id, where);
    return deletion == Deletion.KEEP_DATA ? "the data on registered server " + where : "";
  }

  private static void disconnect(TenantId id, NodePool pool) throws IOException {
    try {
      pool.call("CLIENT", "KILL", "USER", id.value());
    } catch (RespException noSuchUser) {
      // nothing to disconnect
    }
  }

  /** {@code ACL SAVE} where the server has an aclfile; a server without one keeps users until it restarts. */
  private static void persist(TenantId id, NodePool pool) throws IOException {
    try {
      pool.call("ACL", "SAVE");
    } catch (RespException e) {
      LOG.debug("registered server {} of tenant '{}' does not save ACL users: {}", pool.endpoint(), id, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- state and health

  @Override
  public InstanceState state(TenantId id) {
    if (!records.contains(id)) {
      return InstanceState.MISSING;
    }
    if (settings.registration(id).isEmpty()) {
      return InstanceState.FAILED;
    }
    try {
      InstanceState state = AclRules.userState(pool(id).call("ACL", "GETUSER", id.value()));
      unreachable.remove(id);
      return state;
    } catch (IOException e) {
      unreachable.put(id, describe(e));
      return InstanceState.FAILED;
    }
  }

  /** Pings every registered server; a change between answering and not is sent as an event. */
  private void checkHealth() {
    for (TenantId id : records.all().keySet()) {
      if (settings.registration(id).isEmpty()) {
        continue;
      }
      try {
        pool(id).call("PING");
        if (unreachable.remove(id) != null) {
          context.events().event(id,
              EventPayload.Restarted.described("registered server " + pool(id).endpoint() + " answers again"));
        }
      } catch (IOException e) {
        if (unreachable.put(id, describe(e)) == null) {
          context.events().event(id, EventPayload.Crashed.described(
              "registered server " + pool(id).endpoint() + " does not answer: " + describe(e)));
        }
      } catch (RuntimeException e) {
        LOG.warn("health check of tenant '{}' failed: {}", id, e.toString());
      }
    }
  }

  @Override
  public List<DiscoveredInstance> discover() {
    List<DiscoveredInstance> found = new ArrayList<>();
    records.all().forEach((id, hash) -> found.add(new DiscoveredInstance(id, state(id), hash)));
    return found;
  }

  @Override
  public String logTail(TenantId id) {
    if (records.contains(id) && settings.registration(id).isEmpty()) {
      return "tenant '" + id + "' is no longer registered in Backends.registeredServers(): register its server again";
    }
    String why = unreachable.get(id);
    return why == null ? "" : "registered server " + registration(id).endpoint() + " is unreachable: " + why;
  }

  // ---------------------------------------------------------------- administration

  @Override
  public TenantStatus status(InstanceSpec spec) {
    TenantId id = spec.id();
    return io(id, "read the status of tenant '" + id + "'",
        pool -> InfoParser.parse(id.value(), SharedServer.string(pool.call("INFO", "everything"))));
  }

  /** A registered server keeps its own settings: a changed plan is not applied to it. */
  @Override
  public void applyLive(InstanceSpec spec) {}

  @Override
  public void reset(InstanceSpec spec) {
    TenantId id = spec.id();
    io(id, "reset tenant '" + id + "'", pool -> {
      disconnect(id, pool);
      pool.call("FLUSHALL");
      pool.call("SCRIPT", "FLUSH");
      pool.call("FUNCTION", "FLUSH");
      return null;
    });
  }

  @Override
  public Optional<ServerTls> serverTls(TenantId id) {
    return settings.registration(id).map(Registration::tls);
  }

  // ---------------------------------------------------------------- backups

  @Override
  public ServerLogin adminLogin(TenantId id) {
    Registration r = registration(id);
    return new ServerLogin(r.endpoint(), r.adminUser(), r.adminPassword(), r.tls());
  }

  @Override
  public Optional<RemoteAccess> remoteAccess() {
    return Optional.of(this);
  }

  // ---------------------------------------------------------------- plumbing

  private Registration registration(TenantId id) {
    return settings.registration(id).orElseThrow(() -> new InvalidRequestException("Tenant '" + id
        + "' has no registered server: add it with Backends.registeredServers().register(\"" + id
        + "\", host, port, adminUser, adminPassword)"));
  }

  private NodePool pool(TenantId id) {
    Registration r = registration(id);
    return pools.computeIfAbsent(id, k -> new NodePool(r.endpoint(), r.adminUser(), r.adminPassword(), settings.timeout(),
        r.tls() == null ? null : SslContexts.forServer(r.tls())));
  }

  private void closePool(TenantId id) {
    NodePool pool = pools.remove(id);
    if (pool != null) {
      pool.close();
    }
  }

  private static AclUser tenantUser(InstanceSpec spec) {
    return spec.users().stream().filter(u -> u.role() == AclUser.Role.TENANT).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the spec of tenant " + spec.id() + " has no tenant user"));
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Work on a tenant's registered server; unreachable and refused are said apart. */
  private <T> T io(TenantId id, String what, PoolAction<T> action) {
    NodePool pool = pool(id);
    try {
      return action.run(pool);
    } catch (IOException e) {
      unreachable.put(id, describe(e));
      throw new BackendUnavailableException("Cannot " + what + ": registered server " + pool.endpoint()
          + " is unreachable (" + describe(e) + ")", e);
    } catch (RespException e) {
      throw new ProvisioningFailedException("Cannot " + what + ": registered server " + pool.endpoint()
          + " answered " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface PoolAction<T> {
    T run(NodePool pool) throws IOException;
  }

  @Override
  public void close() {
    health.close();
    pools.values().forEach(NodePool::close);
  }
}
