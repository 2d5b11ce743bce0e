package io.redistenancy.internal.external;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.BackupException;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.MemorySize;
import io.redistenancy.SharedServers.ServerLoad;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.spi.RemoteAccess;
import io.redistenancy.spi.ServerLogin;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants as allow-list ACL users with a key prefix on shared servers ({@link io.redistenancy.SharedServers}). A
 * tenant's user is applied on every node of its server and registered, with this tenancy's owner id,
 * in the server's registry hash; the backend never changes a user that is not registered to its owner
 * id, so two tenancies on one server never touch each other's tenants. Stop switches the user off;
 * start switches it on; remove deletes it everywhere and unlinks its keys.
 */
public final class SharedAclBackend implements Backend, RemoteAccess {
  private static final Logger LOG = LoggerFactory.getLogger(SharedAclBackend.class);

  private final BackendContext context;
  private final SharedSettings settings;
  private final List<SharedServer> servers;
  /** Where each of this tenancy's tenants lives. */
  private final Map<TenantId, SharedServer> placed = new ConcurrentHashMap<>();
  private final Map<TenantId, String> specHashes = new ConcurrentHashMap<>();
  private final SharedAdministration administration;
  /** Where this home's tenants were placed ("host port"): ownership that survives a registry lost on a restart. */
  private final TenantFiles placements;
  /** Runs the coalesced ACL SAVEs of every server. */
  /** Coalesced ACL SAVEs and record writes, on the engine's scheduler. */
  private final ScheduledTasks saver;
  private final Quotas quotas;
  private final QuotaWatch quotaWatch;

  private SharedAclBackend(BackendContext context, SharedSettings settings, List<SharedServer> servers,
      ScheduledTasks saver) {
    this.saver = saver;
    this.context = context;
    this.placements = new TenantFiles(context.workDirectory(), "placed", saver);
    this.quotas = new Quotas(context.events(), (id, server) -> placed.get(id) == server,
        new TenantFiles(context.workDirectory(), "quota", saver));
    this.administration = new SharedAdministration(context.events(), settings.memorySamples(), this::require,
        id -> Optional.ofNullable(placed.get(id)).flatMap(SharedServer::tls), quotas, this);
    this.settings = settings;
    this.servers = servers;
    this.quotaWatch = new QuotaWatch(servers, placed::get, quotas, this::revive, settings.memorySamples(),
        settings.quotaCheckInterval(), context.scheduler());
  }

  /**
   * Contacts every server, checks it and loads this tenancy's tenants from the registries.
   *
   * @throws BackendUnavailableException if a server is unusable (version, permissions), or none
   *     can be reached
   */
  public static SharedAclBackend open(BackendContext context, SharedSettings settings) {
    String user = settings.adminUser();
    String password = settings.adminPassword();
    ScheduledTasks saver = new ScheduledTasks(context.scheduler());
    List<SharedServer> servers = new ArrayList<>();
    for (Endpoint seed : settings.servers()) {
      servers.add(new SharedServer(seed, settings.tls(seed).orElse(null), user, password, settings.timeout(), saver,
          settings.acceptedRisks()));
    }
    SharedAclBackend backend = new SharedAclBackend(context, settings, List.copyOf(servers), saver);
    try {
      backend.loadPlacements();
      List<String> down = new ArrayList<>();
      for (SharedServer server : servers) {
        try {
          server.contact();
          backend.load(server);
        } catch (IOException e) {
          server.markDown(e);
          down.add(server.seed() + ": " + server.downReason());
        }
      }
      if (down.size() == servers.size()) {
        throw new BackendUnavailableException("No shared Redis server can be reached: " + String.join("; ", down)
            + ". Start them, or check the addresses given to Backends.sharedServers().server(…)");
      }
      backend.quotaWatch.start();
      return backend;
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** This home's own record of where its tenants are; a record of a server no longer configured is ignored. */
  private void loadPlacements() {
    placements.all().forEach((id, line) -> {
      String[] hostPort = line.split(" ");
      servers.stream().filter(s -> hostPort.length == 2 && s.seed().host().orElse("").equals(hostPort[0])
          && Integer.toString(s.seed().port()).equals(hostPort[1])).findFirst().ifPresent(s -> placed.put(id, s));
    });
  }

  private void load(SharedServer server) throws IOException {
    for (Map.Entry<String, String> entry : server.registry(context.ownerId()).entrySet()) {
      TenantId id = TenantId.of(entry.getKey());
      placed.putIfAbsent(id, server);
      specHashes.put(id, entry.getValue());
    }
  }

  /** Tries a down server again (at most once a second); one that answers again has its tenants loaded. */
  private void revive(SharedServer server) {
    if (server.isUp()) {
      return;
    }
    server.retryIfDown();
    if (server.isUp()) {
      try {
        load(server);
      } catch (IOException e) {
        server.markDown(e);
      }
    }
  }

  @Override
  public String name() {
    return "shared-servers";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.TCP);
  }

  @Override
  public Optional<TenantAdministration> administration() {
    return Optional.of(administration);
  }

  // ---------------------------------------------------------------- provision, change

  @Override
  public Instance provision(InstanceSpec spec) {
    TenantId id = spec.id();
    SharedServer server = placed.get(id);
    if (server != null) {
      return provisionOn(server, spec);
    }
    SharedServer chosen = place(id);
    try {
      return provisionOn(chosen, spec);
    } catch (BackendUnavailableException e) {
      // the chosen server went down since it was last heard from (now marked down): place once more
      if (chosen.isUp() || servers.stream().noneMatch(SharedServer::isUp)) {
        throw e;
      }
      LOG.warn("tenant '{}' could not be created on {} ({}); placing it on another server", id, chosen.seed(),
          chosen.downReason());
      placed.remove(id, chosen);
      return provisionOn(place(id), spec);
    }
  }

  private Instance provisionOn(SharedServer target, InstanceSpec spec) {
    TenantId id = spec.id();
    tenantUser(spec); // a spec without a tenant user fails before anything is written
    return target.work("create tenant '" + id + "'", () -> {
      if (!requireOwnedOrFree(target, id) && !spec.adoptExistingKeys()) {
        requireNoKeys(target, id);
      }
      placed.put(id, target);
      // written in the background, durable at close: until then the server's registry says the same
      placements.saveLazily(id, target.seed().host().orElseThrow() + " " + target.seed().port());
      target.register(id.value(), context.ownerId(), spec.hash());
      specHashes.put(id, spec.hash());
      writeUser(target, spec, true);
      return instance(id, target);
    });
  }

  @Override
  public void reconfigure(InstanceSpec spec) {
    TenantId id = spec.id();
    SharedServer server = placed.get(id);
    if (server == null) {
      return;
    }
    InstanceState state = state(id);
    if (state != InstanceState.RUNNING && state != InstanceState.STOPPED) {
      return;
    }
    server.work("change tenant '" + id + "'", () -> {
      writeUser(server, spec, state == InstanceState.RUNNING);
      server.register(id.value(), context.ownerId(), spec.hash());
      specHashes.put(id, spec.hash());
      return null;
    });
  }

  /**
   * Writes the tenant's user whole on every node, with the rules its quota state allows: under the
   * tenant's lock, so a quota check never writes between reading that state and this write.
   */
  private void writeUser(SharedServer server, InstanceSpec spec, boolean enabled) throws IOException {
    TenantId id = spec.id();
    quotas.learn(spec);
    quotas.locked(id, () -> {
      boolean held = quotas.held(id);
      server.onEveryNode(AclRules.setUser(tenantUser(spec), enabled, server.supported(), held).toArray(String[]::new));
      quotas.wrote(id, held);
      return null;
    });
    server.persist();
  }

  /**
   * Refuses a user of the same name that another tenancy, or someone by hand, made on the server.
   *
   * @return whether the tenant is already this tenancy's there (reconcile makes it again), not a new one
   */
  private boolean requireOwnedOrFree(SharedServer server, TenantId id) throws IOException {
    String owner = server.owner(id.value());
    if (owner != null && !owner.equals(context.ownerId())) {
      throw new TenancyException("Tenant '" + id + "' cannot be created on " + server + ": its ACL user '" + id
          + "' belongs to another tenancy (owner " + owner + ") on that server. Choose another name.");
    }
    // no registry entry but this home placed it there: the server lost its registry (a restart
    // without persistence) and kept the user in its aclfile; register() below heals the entry
    if (owner == null && !placements.contains(id) && server.onSeed("ACL", "GETUSER", id.value()) != null) {
      throw new TenancyException("Tenant '" + id + "' cannot be created on " + server + ": an ACL user '" + id
          + "' exists there that redis-tenancy did not make. Choose another name, or remove that user.");
    }
    return owner != null || placements.contains(id);
  }

  /**
   * Refuses a new tenant whose prefix already holds keys (kept by {@code delete(KEEP_DATA)} of an
   * earlier tenant of that name, from any home, or written by someone else): it would read them as
   * its own. Runs before the tenant is placed, so the create's rollback never touches those keys.
   */
  private static void requireNoKeys(SharedServer server, TenantId id) throws IOException {
    String prefix = AclRules.keyPrefix(id.value());
    List<String> keys = TenantKeys.some(server, prefix, 4);
    if (!keys.isEmpty()) {
      String shown = keys.stream().limit(3).map(k -> k.replaceAll("\\p{Cntrl}", "?")).collect(Collectors.joining(", "));
      throw new TenancyException("Tenant '" + id + "' cannot be created on " + server + ": keys already exist under"
          + " its prefix " + prefix + "* (" + shown + (keys.size() > 3 ? ", …" : "") + "), e.g. kept by"
          + " delete(Deletion.KEEP_DATA) of an earlier tenant '" + id + "'. Remove them, or take them over with"
          + " tenancy.create(\"" + id + "\").adoptExistingKeys().");
    }
  }

  private SharedServer place(TenantId id) {
    List<SharedServer> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (SharedServer server : servers) {
      revive(server);
      if (server.isUp()) {
        up.add(server);
      } else {
        down.add(server.seed() + " (" + server.downReason() + ")");
      }
    }
    if (up.isEmpty()) {
      throw new BackendUnavailableException("Tenant '" + id + "' cannot be placed: no shared server is reachable: "
          + String.join("; ", down));
    }
    if (up.size() == 1) {
      return up.get(0);
    }
    Map<SharedServer, Long> counts = placed.values().stream()
        .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    List<ServerLoad> loads = new ArrayList<>();
    for (SharedServer server : up) {
      loads.add(new ServerLoad(server.seed(), counts.getOrDefault(server, 0L).intValue(),
          MemorySize.ofBytes(server.usedMemory())));
    }
    ServerLoad chosen = settings.placement().choose(id, List.copyOf(loads));
    return up.stream().filter(s -> chosen != null && s.seed().equals(chosen.server())).findFirst()
        .orElseThrow(() -> new TenancyException("The placement " + settings.placement().getClass().getName()
            + " chose " + chosen + ", which is not one of the reachable servers"));
  }

  private Instance instance(TenantId id, SharedServer server) {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(server.seed());
    if (server.cluster()) {
      server.masters().stream().filter(e -> !e.equals(server.seed())).forEach(endpoints::add);
    }
    return new Instance(id, endpoints, AclRules.keyPrefix(id.value()));
  }

  private static AclUser tenantUser(InstanceSpec spec) {
    return spec.users().stream().filter(u -> u.role() == AclUser.Role.TENANT).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the spec of tenant " + spec.id() + " has no tenant user"));
  }

  // ---------------------------------------------------------------- start, stop, remove

  @Override
  public Instance start(TenantId id) {
    SharedServer server = require(id);
    return server.work("start tenant '" + id + "'", () -> {
      server.onEveryNode("ACL", "SETUSER", id.value(), "on");
      server.persist();
      return instance(id, server);
    });
  }

  @Override
  public void stop(TenantId id) {
    SharedServer server = placed.get(id);
    if (server == null) {
      return;
    }
    server.work("stop tenant '" + id + "'", () -> {
      server.onEveryNode("ACL", "SETUSER", id.value(), "off");
      server.disconnect(id.value());
      server.persist();
      return null;
    });
  }

  @Override
  public String remove(TenantId id, Deletion deletion) {
    SharedServer server = placed.get(id);
    if (server == null) {
      placements.delete(id);
      quotas.forget(id); // not placed: no quota check writes its user
      return "";
    }
    // under the tenant's lock: a quota check that measured it never writes its user again afterwards
    return server.work("remove tenant '" + id + "'", () -> quotas.locked(id, () -> {
      String owner = server.owner(id.value());
      if (owner != null && !owner.equals(context.ownerId())) {
        placed.remove(id); // another tenancy's user: never touched
        placements.delete(id);
        quotas.forget(id);
        return "";
      }
      server.disconnect(id.value());
      server.onEveryNode("ACL", "DELUSER", id.value());
      String prefix = AclRules.keyPrefix(id.value());
      String kept = "";
      if (deletion == Deletion.PURGE) {
        if (server.cluster()) {
          server.refreshTopology();
        }
        TenantKeys.removeAll(server, prefix,
            removed -> context.events().event(id, new EventPayload.Deleting(removed, prefix)));
      } else {
        kept = "keys " + prefix + "* on " + server;
      }
      server.unregister(id.value());
      server.persist();
      placements.delete(id);
      placed.remove(id);
      specHashes.remove(id);
      quotas.forget(id);
      return kept;
    }));
  }

  // ---------------------------------------------------------------- state

  @Override
  public InstanceState state(TenantId id) {
    SharedServer server = placed.get(id);
    if (server == null) {
      servers.forEach(this::revive); // a server down when the tenancy opened may hold it
      server = placed.get(id);
    }
    if (server == null) {
      return servers.stream().allMatch(SharedServer::isUp) ? InstanceState.MISSING : InstanceState.FAILED;
    }
    revive(server);
    if (!server.isUp()) {
      return InstanceState.FAILED;
    }
    try {
      return AclRules.userState(server.onSeed("ACL", "GETUSER", id.value()));
    } catch (IOException e) {
      server.markDown(e);
      return InstanceState.FAILED;
    }
  }

  @Override
  public List<DiscoveredInstance> discover() {
    for (SharedServer server : servers) {
      revive(server);
      if (server.isUp()) {
        try {
          load(server);
        } catch (IOException e) {
          server.markDown(e);
        }
      }
    }
    List<DiscoveredInstance> found = new ArrayList<>();
    for (TenantId id : placed.keySet().stream().sorted().toList()) {
      found.add(new DiscoveredInstance(id, state(id), specHashes.getOrDefault(id, "")));
    }
    return found;
  }

  @Override
  public String logTail(TenantId id) {
    SharedServer server = placed.get(id);
    List<String> lines = new ArrayList<>();
    for (SharedServer s : server == null ? servers : List.of(server)) {
      if (!s.isUp()) {
        lines.add("shared server " + s.seed() + " is unreachable: " + s.downReason());
      }
      lines.addAll(s.unpersisted().values());
    }
    return String.join("\n", lines);
  }

  // ---------------------------------------------------------------- backups

  /**
   * The tenant's server as its admin user: a backup is cut out of the server's snapshot by the tenant's
   * key prefix (see {@link RemoteAccess}), over TLS where the server speaks it. A cluster is refused: one
   * node's snapshot holds only its slots.
   */
  @Override
  public ServerLogin adminLogin(TenantId id) {
    SharedServer server = require(id);
    if (server.cluster()) {
      throw new BackupException("Tenant '" + id + "' lives on " + server + ": backups of tenants on a shared"
          + " Redis Cluster are not supported (a node's snapshot holds only its own slots); only on standalone"
          + " shared servers.");
    }
    return new ServerLogin(server.seed(), settings.adminUser(), settings.adminPassword(),
        server.tls().orElse(null));
  }

  // ---------------------------------------------------------------- plumbing

  /** The tenant's server; an unknown tenant is said so, with why if a server is down. */
  SharedServer require(TenantId id) {
    SharedServer server = placed.get(id);
    if (server == null) {
      throw new TenancyException("Tenant '" + id + "' has no ACL user on any reachable shared server"
          + (servers.stream().allMatch(SharedServer::isUp) ? "" : " (" + logTail(id) + ")")
          + "; tenancy.reconcile() creates it again");
    }
    return server;
  }

  @Override
  public void close() {
    quotaWatch.close();
    try {
      placements.sync();
      quotas.sync();
    } catch (RuntimeException e) {
      LOG.warn("could not make the placement records durable: {} (the servers' registries still hold them)", e.toString());
    }
    servers.forEach(SharedServer::close);
    saver.close();
  }
}
