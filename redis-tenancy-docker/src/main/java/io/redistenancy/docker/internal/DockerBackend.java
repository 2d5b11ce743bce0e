package io.redistenancy.docker.internal;

import io.redistenancy.EventPayload;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.redistenancy.Access;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.docker.DockerBackends;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.KeptData;
import io.redistenancy.internal.TenantLocks;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hardened container per tenant (see {@link DockerBackends.Docker} for its shape). Containers are
 * found by their labels (owner id and tenant), never by name alone, so a container this tenancy did
 * not make is never touched. The container is the source of truth for what runs and on which port;
 * the home holds only the files mounted into it.
 */
public final class DockerBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
  private static final int LOG_LINES = 40;

  private final BackendContext context;
  private final DockerSettings settings;
  private final DockerEngine engine;
  private final ContainerTemplate template;
  private final PortReservations ports;
  private final EngineEvents events;
  private final ImageSwap swap;
  private final TenantLocks locks = new TenantLocks();
  private final VersionCheck versions;
  private final Consumer<DockerBackend> onClose;
  private volatile ImageSupply image;

  private DockerBackend(BackendContext context, DockerSettings settings, DockerEngine engine,
      Consumer<DockerBackend> onClose) {
    this.context = context;
    this.settings = settings;
    this.engine = engine;
    this.template = new ContainerTemplate(settings, ContainerUser.resolve(settings, context.workDirectory()));
    this.ports = settings.tcp()
        ? new PortReservations(settings.bindAddress().get(), settings.firstPort(), settings.lastPort(),
            portLock(context.workDirectory()))
        : null;
    this.events = new EngineEvents(engine, context.ownerId(), context.events());
    this.versions = new VersionCheck(engine, context.events(), settings.acknowledgedVersions());
    this.image = new ImageSupply(engine, settings.image());
    this.swap = new ImageSwap(engine, template, events, settings.stopTimeout());
    this.onClose = onClose;
  }

  /** The host-wide port lock in the JVM user's private directory (the work directory shows whose). */
  private static PortLockFile portLock(Path workDirectory) {
    int uid = HostFiles.uidOf(workDirectory);
    return new PortLockFile(PortLockFile.defaultDirectory(uid), uid, PortLockFile.DEFAULT_TIMEOUT);
  }

  /**
   * Connects to the engine, checks that it answers and starts watching it for crashes.
   *
   * @param onClose told once the backend is closed
   * @throws BackendUnavailableException if no engine answers
   */
  public static DockerBackend open(BackendContext context, DockerSettings settings, Consumer<DockerBackend> onClose) {
    Duration timeout = settings.stopTimeout().plusSeconds(60);
    DockerEngine engine = DockerEngine.connect(settings.dockerHost().orElse(null), settings.dockerTls().orElse(null), timeout);
    try {
      String version = engine.ping();
      DockerBackend backend = new DockerBackend(context, settings, engine, onClose);
      backend.events.start();
      LOG.debug("Docker engine {} at {}, owner {}", version, engine.host(), context.ownerId());
      return backend;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.of(Capability.SUPERVISION, Capability.HARD_MEMORY_LIMIT,
        Capability.DETACHED_INSTANCES);
    if (settings.unixSocket()) {
      caps.add(Capability.UNIX_SOCKET);
    }
    if (ports != null) {
      caps.add(Capability.TCP);
      caps.add(Capability.TLS); // on the published port
    }
    return caps;
  }

  // Each change below holds the tenant's lock: the engine serializes its own calls per tenant, and
  // FleetUpgrade, which works outside the engine, must not recreate a container meanwhile.

  @Override
  public Instance provision(InstanceSpec spec) {
    return locks.with(spec.id(), () -> provisionLocked(spec));
  }

  private Instance provisionLocked(InstanceSpec spec) {
    TenantId id = spec.id();
    TenantFiles files = files(id);
    if (settings.unixSocket()) {
      files.checkSocketPath();
    }
    boolean fresh = !files.exists();
    // without files there is no container of this tenant but the rare leftover of a crashed delete,
    // which the create's name conflict finds: a fresh create asks the engine nothing first
    Optional<Container> existing = fresh ? Optional.empty() : find(id);
    if (existing.isPresent()) {
      String containerId = existing.get().getId();
      apply(spec, files, containerId);
      return start(id);
    }
    image.ensure();
    String containerId = null;
    String network = null;
    try {
      DeferredSync durable = new DeferredSync();
      files.write(spec, TenantFiles.layout(settings.unixSocket(), ports != null, spec.plan().access()), template.user(),
          durable);
      network = network(id);
      Created created = createAndStart(spec, files, network);
      containerId = created.id();
      durable.sync(); // while redis-server boots in the container
      versions.afterStart(id, image.name(), containerId);
      return instance(id, created.hostPort() == 0 ? List.of() : List.of(created.hostPort()));
    } catch (RuntimeException e) {
      String log = containerId == null ? "" : engine.logTail(containerId, LOG_LINES);
      rollback(containerId, network, fresh ? files : null);
      throw failure("Tenant '" + id + "': the container could not be " + (containerId == null ? "created" : "started")
          + " on the Docker engine at " + engine.host() + ": " + DockerEngine.rootMessage(e)
          + ". What was made was removed." + (log.isEmpty() ? "" : " Log:\n" + log), e);
    }
  }

  /** A container made and started, and the host port it publishes (0 for none). */
  private record Created(String id, int hostPort) {}

  private Created createAndStart(InstanceSpec spec, TenantFiles files, String network) {
    String name = Names.containerName(context.ownerId(), spec.id());
    Map<String, String> labels = Names.labels(context.ownerId(), spec.id(), spec.hash());
    if (ports == null) {
      String id = create(spec, files, name, labels, "none", 0);
      startContainer(id);
      return new Created(id, 0);
    }
    return publish(name, port -> create(spec, files, name, labels, network, port), new HashSet<>());
  }

  /**
   * Creates (with {@code create}, given a host port) and starts a container on a port of the range.
   * The engine refuses a host port something else took since it was picked (another home whose lock
   * this JVM cannot share, another program): then the container is made again on another port, until
   * the range has none left. The port that answers is always the one the container publishes.
   *
   * @param refused ports not to try, e.g. one found taken already
   */
  private Created publish(String name, IntFunction<String> create, Set<Integer> refused) {
    while (true) {
      String id;
      int port;
      try (PortReservations.Held lock = ports.lock()) {
        port = ports.pick(engine.publishedPorts(), refused);
        id = create.apply(port);
      }
      try {
        startContainer(id);
        return new Created(id, port);
      } catch (DockerException e) {
        removeContainer(id);
        if (!portTaken(e)) {
          throw new ProvisioningFailedException("starting container " + name + " on port " + port + " failed: "
              + DockerEngine.rootMessage(e), e);
        }
        LOG.debug("port {} was taken meanwhile; trying another", port);
        refused.add(port);
      }
    }
  }

  private static boolean portTaken(DockerException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("port is already allocated") || message.contains("address already in use");
  }

  /**
   * Makes a stopped container whose host port something else took again, on another port, with the
   * same image, limits, network, labels and mounted files (its data live in the home), and says so: the
   * engine records the new endpoint from what {@link #start} returns.
   */
  private Instance moveToAnotherPort(TenantId id, Container container) {
    InspectContainerResponse old = inspectOrThrow(id, container.getId());
    Set<Integer> taken = new HashSet<>(DockerEngine.hostPorts(old));
    String name = Names.containerName(context.ownerId(), id);
    long memory = old.getHostConfig().getMemory();
    String network = old.getHostConfig().getNetworkMode();
    Map<String, String> labels = old.getConfig().getLabels();
    String image = old.getConfig().getImage();
    events.expectStop(container.getId());
    removeContainer(container.getId());
    Created moved = publish(name, port -> engine.call("create a container", () -> template
        .create(engine.client(), image, name, labels, memory, files(id), network, port).exec().getId()), taken);
    String how = "its host port " + taken + " was taken by something else; its container was made again on port "
        + moved.hostPort();
    LOG.warn("Tenant {}: {}", id, how);
    context.events().event(id, EventPayload.Restarted.described(how));
    return instance(id, List.of(moved.hostPort()));
  }

  /** Creates the tenant's container; a stale one of ours (left without its files) is removed first. */
  private String create(InstanceSpec spec, TenantFiles files, String name, Map<String, String> labels,
      String networkMode, int hostPort) {
    try {
      return createOnce(spec, files, name, labels, networkMode, hostPort);
    } catch (ConflictException e) {
      Container stale = find(spec.id()).orElseThrow(() -> foreignName(name, e));
      LOG.info("tenant {}: removing its container {} left without files by an earlier failure", spec.id(),
          stale.getId());
      events.expectStop(stale.getId());
      removeContainer(stale.getId());
      try {
        return createOnce(spec, files, name, labels, networkMode, hostPort);
      } catch (ConflictException again) {
        throw foreignName(name, again);
      }
    }
  }

  private String createOnce(InstanceSpec spec, TenantFiles files, String name, Map<String, String> labels,
      String networkMode, int hostPort) {
    return engine.call("create a container", () -> template
        .create(engine.client(), image.name(), name, labels, spec, files, networkMode, hostPort).exec().getId());
  }

  private ProvisioningFailedException foreignName(String name, ConflictException e) {
    return new ProvisioningFailedException("a container named " + name + " already exists but is not labelled "
        + Names.OWNER + "=" + context.ownerId() + " (it belongs to someone else, and was left alone); remove or "
        + "rename it", e);
  }

  private void startContainer(String containerId) {
    engine.start(containerId);
  }

  /** The tenant's own bridge network when TCP is on and networks are per tenant; else the shared mode. */
  private String network(TenantId id) {
    if (ports == null) {
      return "none";
    }
    if (!settings.networkPerTenant()) {
      return "bridge";
    }
    String name = Names.containerName(context.ownerId(), id);
    List<Network> own = engine.networks(Map.of(Names.OWNER, context.ownerId(), Names.TENANT, id.value()));
    if (!own.isEmpty()) {
      return own.get(0).getName();
    }
    try {
      engine.run("create a network", () -> engine.client().createNetworkCmd()
          .withName(name)
          .withDriver("bridge")
          .withCheckDuplicate(true)
          .withLabels(Names.labels(context.ownerId(), id, null))
          .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
          .exec());
    } catch (ConflictException e) {
      throw new ProvisioningFailedException("a network named " + name + " already exists but is not labelled "
          + Names.OWNER + "=" + context.ownerId() + " (it was left alone); remove or rename it", e);
    } catch (DockerException e) {
      if (String.valueOf(e.getMessage()).contains("non-overlapping")) {
        throw new ProvisioningFailedException("the Docker engine at " + engine.host() + " has no subnet left for "
            + "tenant '" + id + "''s own network (its default-address-pools are used up); give the engine a larger "
            + "pool with small subnets in daemon.json (e.g. {\"default-address-pools\": [{\"base\": \"10.200.0.0/16\", "
            + "\"size\": 28}]}), or turn networkPerTenant(false)", e);
      }
      throw e;
    }
    return name;
  }

  /** Rewrites the mounted files and sets the container's memory limit live. */
  private void apply(InstanceSpec spec, TenantFiles files, String containerId) {
    InspectContainerResponse container = inspectOrThrow(spec.id(), containerId);
    boolean tcp = !DockerEngine.hostPorts(container).isEmpty();
    files.write(spec, TenantFiles.layout(settings.unixSocket(), tcp, spec.plan().access()), template.user());
    long memory = Names.containerMemory(spec.plan().maxMemory());
    try {
      engine.run("update a container", () -> engine.client().updateContainerCmd(containerId)
          .withMemory(memory).withMemorySwap(memory).exec());
    } catch (DockerException e) {
      throw failure("Tenant '" + spec.id() + "': the memory limit of its container could not be set to "
          + memory + " bytes: " + DockerEngine.rootMessage(e), e);
    }
  }

  @Override
  public void reconfigure(InstanceSpec spec) {
    locks.with(spec.id(), () -> reconfigureLocked(spec));
  }

  private void reconfigureLocked(InstanceSpec spec) {
    String containerId = find(spec.id()).map(Container::getId).orElseThrow(() -> missing(spec.id()));
    apply(spec, files(spec.id()), containerId);
  }

  @Override
  public Instance start(TenantId id) {
    return locks.with(id, () -> startLocked(id));
  }

  private Instance startLocked(TenantId id) {
    Container container = find(id).orElseThrow(() -> missing(id));
    String containerId = container.getId();
    try {
      startContainer(containerId);
    } catch (DockerException e) {
      if (ports != null && portTaken(e)) {
        return moveToAnotherPort(id, container);
      }
      throw failure("Tenant '" + id + "': its container did not start: " + DockerEngine.rootMessage(e)
          + logSuffix(containerId), e);
    }
    versions.afterStart(id, container.getImage(), containerId);
    return instance(id, inspectOrThrow(id, containerId));
  }

  @Override
  public void stop(TenantId id) {
    locks.with(id, () -> stopLocked(id));
  }

  private void stopLocked(TenantId id) {
    for (Container c : containers(id)) {
      events.stopExpected(c.getId(), () -> engine.stop(c.getId(), settings.stopTimeout()));
    }
  }

  @Override
  public String remove(TenantId id, Deletion deletion) {
    return locks.with(id, () -> removeLocked(id, deletion));
  }

  private String removeLocked(TenantId id, Deletion deletion) {
    if (deletion == Deletion.KEEP_DATA) {
      stop(id); // a clean stop makes Redis save what it persists
    }
    for (Container c : containers(id)) {
      events.expectStop(c.getId());
      removeContainer(c.getId());
    }
    for (Network n : engine.networks(Map.of(Names.OWNER, context.ownerId(), Names.TENANT, id.value()))) {
      removeNetwork(n.getId());
    }
    TenantFiles files = files(id);
    String kept = "";
    try {
      if (deletion == Deletion.KEEP_DATA && files.exists()) {
        kept = files.keepData(context.workDirectory().resolve(KeptData.DIRECTORY), context.clock().instant())
            .toString();
      }
      files.deleteAll();
    } catch (TenancyException | UncheckedIOException e) { // Checked's, or PrivateFiles' own
      throw new ProvisioningFailedException("Tenant '" + id + "': its container is removed but its files could not "
          + "be: " + DockerEngine.rootMessage(e), e);
    }
    return kept;
  }

  @Override
  public InstanceState state(TenantId id) {
    Optional<Container> container = find(id);
    if (container.isEmpty()) {
      return InstanceState.MISSING;
    }
    return engine.inspect(container.get().getId()).map(ContainerStates::of).orElse(InstanceState.MISSING);
  }

  /** Restores write the host side of the container's {@code /data} bind mount, as the container user. */
  @Override
  public Optional<InstanceDataAccess> dataAccess() {
    HostFiles.Owner owner = template.user().fileOwner();
    return Optional.of(new io.redistenancy.internal.DataDirectoryAccess(name(), id -> files(id).directory(), this::state,
        owner::apply));
  }

  @Override
  public List<DiscoveredInstance> discover() {
    List<DiscoveredInstance> found = new ArrayList<>();
    Set<TenantId> seen = new HashSet<>();
    for (Container c : engine.containers(Map.of(Names.OWNER, context.ownerId()))) {
      String tenant = c.getLabels() == null ? null : c.getLabels().get(Names.TENANT);
      TenantId id;
      try {
        id = TenantId.of(tenant);
      } catch (InvalidRequestException | NullPointerException e) {
        LOG.warn("container {} carries owner {} but no valid tenant label; ignored", c.getId(), context.ownerId());
        continue;
      }
      if (seen.add(id)) { // one instance per tenant, even with a container set aside
        Container own = find(id).orElse(c);
        String hash = files(id).specHash().orElse(own.getLabels().getOrDefault(Names.SPEC_HASH, ""));
        found.add(new DiscoveredInstance(id, ContainerStates.of(own.getState()), hash));
      }
    }
    return found;
  }

  @Override
  public String logTail(TenantId id) {
    return find(id).map(c -> engine.logTail(c.getId(), LOG_LINES)).orElse("");
  }

  /**
   * Makes sure the engine has {@code image} (pulling it once if it can), before anything is moved to
   * it, and returns its id.
   */
  public String ensureImage(String image) {
    new ImageSupply(engine, image).ensure();
    return engine.call("inspect an image", () -> engine.client().inspectImageCmd(image).exec().getId());
  }

  /**
   * Recreates the tenant's container on {@code image}, keeping its data, endpoints, limits and labels;
   * see {@link ImageSwap}.
   *
   * @param imageId what {@link #ensureImage} returned
   * @return false if it runs that image already
   * @throws TenantNotFoundException if the tenant has no container
   * @throws ProvisioningFailedException if it failed; the tenant was rolled back
   */
  public boolean moveToImage(TenantId id, String image, String imageId, Runnable awaitReady) {
    return locks.with(id, () -> {
      String containerId = find(id).map(Container::getId).orElseThrow(() -> missing(id));
      return swap.swap(id, containerId, Names.containerName(context.ownerId(), id), image, imageId, files(id),
          awaitReady);
    });
  }

  /** Containers made from now on run {@code image}. */
  public void useImage(String image) {
    this.image = new ImageSupply(engine, image);
  }

  @Override
  public void close() {
    onClose.accept(this); // first: a closing backend is no longer offered to FleetUpgrade
    events.close();
    engine.close();
  }

  /** The settings' user, for tests of this package. */
  ContainerUser user() {
    return template.user();
  }

  private TenantFiles files(TenantId id) {
    return new TenantFiles(context.workDirectory(), id);
  }

  /** This owner's containers for {@code id}: normally one. */
  private List<Container> containers(TenantId id) {
    return engine.containers(Map.of(Names.OWNER, context.ownerId(), Names.TENANT, id.value()));
  }

  /**
   * The tenant's container: the one under its own name first, so a container an image upgrade set
   * aside (and a crash left behind) is never taken for it while the real one exists.
   */
  private Optional<Container> find(TenantId id) {
    String own = "/" + Names.containerName(context.ownerId(), id);
    return containers(id).stream()
        .min(Comparator.comparing(c -> c.getNames() == null || !List.of(c.getNames()).contains(own)));
  }

  private InspectContainerResponse inspectOrThrow(TenantId id, String containerId) {
    return engine.inspect(containerId).orElseThrow(() -> missing(id));
  }

  private Instance instance(TenantId id, InspectContainerResponse container) {
    return instance(id, List.copyOf(DockerEngine.hostPorts(container)));
  }

  /** The tenant's socket (if on) and its published ports on the configured bind address. */
  private Instance instance(TenantId id, List<Integer> hostPorts) {
    List<Endpoint> endpoints = new ArrayList<>();
    Access access = files(id).access();
    if (settings.unixSocket() && access != Access.TLS_ONLY) {
      endpoints.add(Endpoint.unixSocket(files(id).hostSocket()));
    }
    String bindAddress = settings.bindAddress().orElse("127.0.0.1");
    hostPorts.forEach(port -> endpoints.add(
        access.usesTls() ? Endpoint.tls(bindAddress, port) : Endpoint.tcp(bindAddress, port)));
    if (endpoints.isEmpty()) {
      throw failure("Tenant '" + id + "': its container has no endpoint this backend can reach (no socket, no "
          + "published port); remove it and provision again", null);
    }
    return new Instance(id, endpoints);
  }

  private void rollback(String containerId, String network, TenantFiles files) {
    try {
      if (containerId != null) {
        events.expectStop(containerId);
        removeContainer(containerId);
      }
      if (network != null && !"none".equals(network) && !"bridge".equals(network)) {
        removeNetwork(network);
      }
      if (files != null) {
        files.deleteAll();
      }
    } catch (RuntimeException e) {
      LOG.warn("rolling back a failed provisioning left something behind: {}", DockerEngine.rootMessage(e));
    }
  }

  private void removeContainer(String containerId) {
    engine.remove(containerId);
  }

  private void removeNetwork(String network) {
    engine.run("remove a network", () -> {
      try {
        engine.client().removeNetworkCmd(network).exec();
      } catch (NotFoundException e) {
        // gone already
      }
    });
  }

  private String logSuffix(String containerId) {
    String log = engine.logTail(containerId, LOG_LINES);
    return log.isEmpty() ? "" : " Log:\n" + log;
  }

  private static TenantNotFoundException missing(TenantId id) {
    return new TenantNotFoundException("Tenant '" + id + "' has no container on this Docker engine (none labelled "
        + "with this tenancy's owner id); provision it first");
  }

  private static TenancyException failure(String message, Throwable cause) {
    if (cause instanceof TenancyException t) {
      return t; // already says what happened
    }
    return new ProvisioningFailedException(message, cause);
  }
}
