package io.redistenancy.systemd.internal;

import io.redistenancy.Access;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Deletion;
import io.redistenancy.EventPayload;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.internal.BackendLogin;
import io.redistenancy.internal.Checked;
import io.redistenancy.internal.DeferredListeners;
import io.redistenancy.internal.KeptData;
import io.redistenancy.internal.LoopbackListeners;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import io.redistenancy.systemd.SystemdBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One instance of a template unit per tenant, under its own system user. Every command goes through
 * {@link Machine} (a {@link io.redistenancy.systemd.CommandRunner}); see
 * {@link SystemdBackends} for what is made per tenant.
 *
 * <p>Lifecycle: the template unit is installed on the first provision of a backend; instances are
 * enabled (they start at boot) and outlive the JVM; {@link #close()} leaves them running.
 * {@code daemon-reload} is batched across tenants operated on in parallel ({@link DaemonReload}).
 *
 * <p>TCP ports (with {@code tcpPorts}): every start the backend makes begins on the UNIX socket
 * alone and takes the port afterwards, atomically ({@link UnitPorts}): the tenant's port if it can
 * still have it, else the first port of the range that no instance on the machine records, nothing
 * listens on and Redis can bind. The port file records it, so a restart by systemd or another
 * backend on the same home keeps it; removal releases it. Keep {@code tcpPorts} set while tenants
 * have ports: without it every instance is taken as socket-only (and nothing is asked of the machine
 * for it, which keeps a create to one command batch).
 */
public final class SystemdBackend implements Backend {
  private static final String OWNER_ID = "[A-Za-z0-9_-]{1,64}";
  /** How often the backend looks at its units on its own: a crash is reported within about this. */
  private static final long WATCH_MILLIS = 1000;
  /**
   * The bound on each command of a look (run on the machine with coreutils' {@code timeout}): the
   * look runs on the tenancy's shared scheduler, which one hung {@code systemctl} must not hold.
   */
  private static final Duration WATCH_COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** A TLS_ONLY instance's socket: the backend's (root's) admin channel alone, no client's. */
  private static final int ADMIN_SOCKET_PERMISSIONS = 0600;
  /**
   * Starts unit $1 unless it runs, with the port file first written as $2… says (no port: the
   * instance starts on its socket alone); a running one keeps its port.
   */
  private static final String START_WITHOUT_PORT = Scripts.load("start-without-port.sh");

  private final BackendContext context;
  private final SystemdSettings settings;
  private final Machine machine;
  private final InstanceNames names;
  private final UnitFiles files;
  private final DaemonReload reload;
  private final InstanceMarks marks;
  private final PortAllocator ports;
  private final UnitPorts binding;
  private final Map<TenantId, Long> seenRestarts = new ConcurrentHashMap<>();
  private final Map<TenantId, InstanceState> seenStates = new ConcurrentHashMap<>();
  private boolean installed;
  /**
   * Looks at the units of every tenant it knows for crashes, restarts and failures, with nobody
   * calling {@link #state}, on the tenancy's scheduler. A poll, not a push source: the command seam
   * runs commands to completion, so {@code journalctl -f} or {@code busctl monitor} could not stream
   * through it.
   */
  private final ScheduledFuture<?> watching;

  /** A backend on the machine {@code settings} reach, after checking that systemd answers there. */
  public static SystemdBackend open(BackendContext context, SystemdSettings settings) {
    return new SystemdBackend(context, settings);
  }

  private SystemdBackend(BackendContext context, SystemdSettings settings) {
    this.context = context;
    this.settings = settings;
    if (!context.ownerId().matches(OWNER_ID)) {
      throw new IllegalArgumentException("owner id is not " + OWNER_ID);
    }
    this.machine = new Machine(settings.commandRunner());
    this.names = new InstanceNames(settings, context.ownerId());
    this.files = new UnitFiles(settings, names);
    this.marks = new InstanceMarks(machine, names);
    // free on the machine is what InstanceMarks.portsInUse() leaves; nothing to test-bind in this JVM
    this.ports = new PortAllocator(settings.firstPort(), settings.lastPort(), port -> true, "SystemdBackends.systemd()");
    this.binding = new UnitPorts(machine, names, ports, settings.redisServer().resolveSibling("redis-cli").toString());
    this.reload = new DaemonReload(() -> {
      Result r = machine.tryRun("systemctl", "daemon-reload");
      return r.ok() ? null : Machine.failure(List.of("systemctl", "daemon-reload"), r);
    });
    Result version;
    try {
      version = machine.tryRun("systemctl", "show", "--property=Version", "--value");
    } catch (TenancyException e) {
      throw new BackendUnavailableException("The systemd backend cannot reach systemd: " + e.getMessage(), e);
    }
    if (!version.ok()) {
      throw new BackendUnavailableException("The systemd backend cannot reach systemd: "
          + Machine.failure(List.of("systemctl", "show"), version)
          + ". It needs systemd as PID 1 and root (or a command runner pointing at such a machine).");
    }
    // with a fixed delay, a slow look delays the next instead of piling up on the shared pool
    this.watching = context.scheduler().scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public String name() {
    return "systemd";
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> capabilities = EnumSet.of(Capability.UNIX_SOCKET, Capability.SUPERVISION,
        Capability.HARD_MEMORY_LIMIT, Capability.DETACHED_INSTANCES);
    if (ports.enabled()) {
      capabilities.add(Capability.TCP);
      capabilities.add(Capability.TLS); // on the TCP port: Redis has no TLS on UNIX sockets
    }
    return capabilities;
  }

  InstanceNames names() {
    return names;
  }

  UnitFiles files() {
    return files;
  }

  DaemonReload daemonReload() {
    return reload;
  }

  // ---------------------------------------------------------------- provision, reconfigure

  /**
   * One command creates the user, writes the files and enables the unit; a {@code daemon-reload}
   * follows only if systemd had the unit loaded (a unit loaded later reads the new files anyway);
   * then {@code systemctl start}, which returns once Redis has notified systemd it is ready.
   */
  @Override
  public Instance provision(InstanceSpec spec) {
    TenantId id = spec.id();
    try {
      install();
      String user = names.user(id);
      Result r = machine.batch(settings.dynamicUser() ? PROVISION_GROUP + PROVISION : PROVISION_USER + PROVISION,
          List.of(user, names.userComment(id), names.unit(id), names.groupMark(id).toString(), names.dynamicUser(id)),
          instanceFiles(spec));
      machine.check(List.of("sh", "provision", names.unit(id)), r);
      if (r.stdout().contains("loaded")) {
        awaitReload();
      }
    } catch (TenancyException e) {
      throw new ProvisioningFailedException("Provisioning tenant '" + id + "' on systemd failed: " + e.getMessage(), e);
    }
    seenRestarts.put(id, 0L);
    seenStates.remove(id);
    return ports.enabled() ? startWithPort(id, spec.plan().access()) : startUnit(id, listeners(Access.PLAIN, 0));
  }

  /**
   * Creates the tenant's user ($1, comment $2), or checks that the existing one carries that comment:
   * a user the library did not make for this tenant (a name collision, or an operator's) is never
   * reused. Exit 3 says why.
   */
  private static final String PROVISION_USER = Scripts.load("provision-user.sh");
  /**
   * DynamicUser mode: only the group ($1) that reads the config; systemd allocates the user ($5).
   * Groups have no comment, so the library's own carries a mark file ($4), written before the group.
   * systemd would run the unit as a static user of $5's name, so one (a uid outside systemd's dynamic
   * range 61184..65519) is refused too.
   */
  private static final String PROVISION_GROUP = Scripts.load("provision-group.sh");
  private static final String PROVISION = Scripts.load("provision.sh");

  @Override
  public void reconfigure(InstanceSpec spec) {
    install();
    machine.check(List.of("sh", "reconfigure"),
        machine.batch("write_files \"$@\"", List.of(), instanceFiles(spec)));
    // the new limits reach the running unit's cgroup with the reload: no restart
    awaitReload();
  }

  /** Writes the template unit, the config root and the client group; once per backend. */
  private synchronized void install() {
    if (installed) {
      return;
    }
    machine.run("install", "-d", "-o", "root", "-g", "root", "-m", "0755", names.configRoot().toString());
    machine.writeFile(names.templateFile(), files.template(), "root:root", "0644");
    settings.clientGroup().ifPresent(group -> machine.run("groupadd", "--force", "--system", group));
    awaitReload();
    installed = true;
  }

  /**
   * The backend's own password for the tenant's admin user, kept root-only on the machine; a new one
   * for a new tenant. It only ever travels to the tenant's socket ({@link UnitPorts}).
   */
  private String backendLogin(TenantId id) {
    Result r = machine.tryRun("cat", names.backendLogin(id).toString());
    String kept = r.ok() ? r.stdout().strip() : "";
    return kept.matches("[0-9a-f]{64}") ? kept : BackendLogin.newPassword();
  }

  private static LoopbackListeners listeners(Access access, int port) {
    return new LoopbackListeners(access, port, "SystemdBackends.systemd()");
  }

  /**
   * The config, the ACL file and a TLS tenant's material (root-owned, 0640, group the tenant's: only
   * its instance reads them; the key first, so a reload never pairs a new key with an old
   * certificate), then the drop-in. Each is replaced atomically at the same path.
   */
  private List<Machine.FileWrite> instanceFiles(InstanceSpec spec) {
    TenantId id = spec.id();
    String group = "root:" + names.user(id);
    boolean tcp = ports.enabled();
    Access access = spec.plan().access();
    // rendered with a stand-in port: the config says port 0 (DeferredListeners), the port file the real one
    InstanceLayout layout = layout(id, listeners(access, tcp ? settings.firstPort() : 0));
    List<Machine.FileWrite> writes = new ArrayList<>();
    spec.tlsMaterial().ifPresent(tls -> {
      InstanceLayout.TlsFiles paths = layout.tls().orElseThrow();
      writes.add(new Machine.FileWrite(paths.key(), tls.keyPem(), group, "0640"));
      writes.add(new Machine.FileWrite(paths.certificate(), tls.certificatePem(), group, "0640"));
      writes.add(new Machine.FileWrite(paths.caBundle(), tls.caBundlePem(), group, "0640"));
    });
    String config = ConfigRenderer.redisConf(spec, layout);
    String acl = ConfigRenderer.aclFile(spec.users());
    if (tcp) {
      String login = backendLogin(id);
      writes.add(new Machine.FileWrite(names.backendLogin(id), login + "\n", "root:root", "0600"));
      config = DeferredListeners.apply(config, access, names.socket(id), ADMIN_SOCKET_PERMISSIONS)
          + "include " + names.portFile(id) + "\n";
      acl = ConfigRenderer.aclFile(BackendLogin.addTo(spec.users(), login));
    }
    writes.add(new Machine.FileWrite(names.configFile(id), config, group, "0640"));
    writes.add(new Machine.FileWrite(names.aclFile(id), acl, group, "0640"));
    writes.add(new Machine.FileWrite(names.dropIn(id), files.dropIn(spec, tcp), "root:root", "0644"));
    return writes;
  }

  InstanceLayout layout(TenantId id, LoopbackListeners listeners) {
    InstanceLayout.Builder layout = InstanceLayout.builder()
        .dataDirectory(names.dataDirectory(id))
        .aclFile(names.aclFile(id))
        .supervisedBySystemd(true);
    return listeners.addTo(layout, names.socket(id), 0660, port -> names.tlsFiles(id, port)).build();
  }

  private void awaitReload() {
    String failure;
    try {
      failure = reload.await();
    } catch (InterruptedException e) {
      throw Checked.interrupted("waiting for systemctl daemon-reload", e);
    }
    if (failure != null) {
      throw new TenancyException(failure);
    }
  }

  // ---------------------------------------------------------------- start, stop

  @Override
  public Instance start(TenantId id) {
    // a unit that hit its start limit refuses to start until its failure is reset
    machine.tryRun("systemctl", "reset-failed", names.unit(id));
    if (!ports.enabled()) {
      return startUnit(id, listeners(Access.PLAIN, 0));
    }
    UnitFiles.Mark mark = marks.of(id).orElseThrow(() -> new TenantNotFoundException("Tenant '" + id
        + "' has no drop-in " + names.dropIn(id) + " on systemd; provision it first."));
    return mark.tcp() ? startWithPort(id, mark.access()) : startUnit(id, listeners(Access.PLAIN, 0));
  }

  /**
   * Starts the unit on its socket, gives it its TCP port ({@link UnitPorts}: its own if it can still
   * have it) and records the port in its port file. A unit that can have no port is stopped:
   * clients would not find it where they look.
   */
  private Instance startWithPort(TenantId id, Access access) {
    InstanceMarks.View machineView = marks.view();
    int preferred = machineView.of(names.dropIn(id)).map(UnitFiles.Mark::port).orElse(0);
    String login = machine.run("cat", names.backendLogin(id).toString()).stdout().strip();
    Machine.FileWrite noPort = portFile(id, access, 0);
    Result started = machine.batch(START_WITHOUT_PORT, List.of(names.unit(id), noPort.path().toString()),
        List.of(noPort));
    if (!started.ok()) {
      throw startFailure(id, started);
    }
    int port;
    try {
      port = binding.bind(id, login, access, preferred, machineView.portsInUse());
    } catch (RuntimeException e) {
      machine.tryRun("systemctl", "stop", names.unit(id));
      throw e;
    }
    Machine.FileWrite record = portFile(id, access, port);
    machine.writeFile(record.path(), record.content(), record.owner(), record.mode());
    return new Instance(id, listeners(access, port).endpoints(names.clientSocket(id)));
  }

  private Machine.FileWrite portFile(TenantId id, Access access, int port) {
    return new Machine.FileWrite(names.portFile(id), UnitFiles.portFile(access, port), "root:" + names.user(id), "0640");
  }

  private ProvisioningFailedException startFailure(TenantId id, Result r) {
    String tail = logTail(id);
    return new ProvisioningFailedException("systemd could not start " + names.unit(id) + " for tenant '" + id
        + "': " + r.stderr().strip() + (tail.isBlank() ? "" : "\nLast lines of its log:\n" + tail));
  }

  private Instance startUnit(TenantId id, LoopbackListeners listeners) {
    Result r = machine.tryRun("systemctl", "start", names.unit(id));
    if (!r.ok()) {
      throw startFailure(id, r);
    }
    return new Instance(id, listeners.endpoints(names.clientSocket(id)));
  }

  @Override
  public void stop(TenantId id) {
    Result r = machine.tryRun("systemctl", "stop", names.unit(id));
    if (!r.ok() && status(id).loadState().equals("loaded")) {
      throw new TenancyException("Stopping tenant '" + id + "' failed: "
          + Machine.failure(List.of("systemctl", "stop", names.unit(id)), r));
    }
  }

  // ---------------------------------------------------------------- remove

  @Override
  public String remove(TenantId id, Deletion deletion) {
    String keptName = deletion == Deletion.KEEP_DATA ? KeptData.entryName(names.instance(id), context.clock().instant())
        : "";
    List<String> args = new ArrayList<>(List.of(names.unit(id), names.dataDirectory(id).toString(), names.user(id),
        keptName, names.keptRoot().toString(), names.dropInDirectory(id).toString(), names.userComment(id),
        names.groupMark(id).toString(), names.retainedRoot().toString()));
    names.configFiles(id).forEach(file -> args.add(file.toString()));
    Result r = machine.batch(REMOVE, args, List.of());
    if (!r.ok()) {
      throw new TenancyException("Removing tenant '" + id + "' from systemd failed: "
          + Machine.failure(List.of("sh", "remove", names.unit(id)), r));
    }
    ports.releaseAll(id.value()); // its drop-in, which kept the port, is gone
    awaitReload();
    seenRestarts.remove(id);
    seenStates.remove(id);
    return keptPath(r.stdout());
  }

  /** Where {@link #REMOVE} says it kept the data ({@code kept PATH}, its last line), or "" for nothing kept. */
  private String keptPath(String removeOutput) {
    String prefix = "kept " + names.retainedRoot() + "/";
    return removeOutput.lines().filter(line -> line.startsWith(prefix)).reduce((first, last) -> last)
        .map(line -> line.substring("kept ".length())).orElse("");
  }

  /**
   * Stops and disables the unit, removes its drop-ins and its files in the config root (TLS material
   * included), keeps or deletes the data, deletes the user and group if the library made them for
   * this tenant (the user's comment, the group's mark): a user or group it refused to reuse stays.
   */
  private static final String REMOVE = Scripts.load("remove.sh");

  // ---------------------------------------------------------------- state, discover, logs

  @Override
  public InstanceState state(TenantId id) {
    UnitStatus status = status(id);
    InstanceState state = status.state(names.dropIn(id).toString());
    noticeChanges(id, status, state);
    return state;
  }

  /** What {@code systemctl show} says about the tenant's unit now. */
  UnitStatus status(TenantId id) {
    List<String> argv = new ArrayList<>(List.of("systemctl", "show"));
    UnitStatus.PROPERTIES.forEach(p -> argv.add("--property=" + p));
    argv.add(names.unit(id));
    Result r = machine.check(argv, machine.tryRun(argv, new byte[0]));
    return UnitStatus.parseAll(r.stdout()).get(0);
  }

  /**
   * One look at the units of every tenant this backend knows ({@link #seenRestarts}), in one
   * command: what changed is reported by {@link #noticeChanges}. A unit gone from systemd is
   * forgotten; a failed look is retried at the next.
   */
  private void watch() {
    try {
      Map<String, TenantId> known = new HashMap<>();
      seenRestarts.keySet().forEach(id -> known.put(names.unit(id), id));
      if (known.isEmpty()) {
        return;
      }
      List<String> argv = new ArrayList<>(List.of("systemctl", "show"));
      UnitStatus.PROPERTIES.forEach(p -> argv.add("--property=" + p));
      argv.addAll(known.keySet());
      Result shown = machine.tryRun(Machine.bounded(WATCH_COMMAND_TIMEOUT, argv), new byte[0]);
      if (!shown.ok()) {
        return;
      }
      for (UnitStatus status : UnitStatus.parseAll(shown.stdout())) {
        TenantId id = known.get(status.unit());
        if (id == null || !seenRestarts.containsKey(id)) {
          continue; // removed meanwhile
        }
        if (status.loadState().equals("not-found")) {
          seenRestarts.remove(id);
          seenStates.remove(id);
        } else {
          noticeChanges(id, status, status.state(names.dropIn(id).toString()));
        }
      }
    } catch (RuntimeException e) {
      // the machine did not answer this time; the next look asks again
    }
  }

  /** Reports restarts systemd did on its own, and a unit it gave up on, once each. */
  private void noticeChanges(TenantId id, UnitStatus status, InstanceState state) {
    Long before = seenRestarts.put(id, status.restarts());
    if (before != null && status.restarts() > before) {
      OptionalInt restarts = OptionalInt.of(Math.toIntExact(status.restarts()));
      String how = "systemd restarted it (result " + status.result() + ", restarts " + status.restarts() + ")";
      context.events().event(id, crash(id, status, restarts));
      context.events().event(id, new EventPayload.Restarted(restarts, how));
    }
    InstanceState previous = seenStates.put(id, state);
    if (state == InstanceState.FAILED && previous != InstanceState.FAILED) {
      context.events().event(id, new EventPayload.Failed("systemd gave up on " + status.unit() + " (result "
          + status.result() + ")\n" + logTail(id)));
    }
  }

  @Override
  public Optional<InstanceDataAccess> dataAccess() {
    return Optional.of(new SystemdDataAccess(machine, names, this::state));
  }

  @Override
  public List<DiscoveredInstance> discover() {
    Map<String, UnitFiles.Mark> ours = new HashMap<>();
    Map<String, TenantId> tenants = new HashMap<>();
    for (Map.Entry<Path, UnitFiles.Mark> found : marks.all().entrySet()) {
      UnitFiles.Mark mark = found.getValue();
      if (!mark.ownerId().equals(names.ownerId())) {
        continue; // another home's instance
      }
      String directory = found.getKey().getParent().getFileName().toString();
      String unit = directory.substring(0, directory.length() - ".d".length());
      String prefix = names.unitName() + "@";
      if (!unit.startsWith(prefix) || !unit.endsWith(".service")) {
        continue;
      }
      String instance = unit.substring(prefix.length(), unit.length() - ".service".length());
      Optional<TenantId> id = names.tenantOf(instance);
      if (id.isPresent() && id.get().value().equals(mark.tenant())) {
        ours.put(unit, mark);
        tenants.put(unit, id.get());
      }
    }
    if (ours.isEmpty()) {
      return List.of();
    }
    List<String> argv = new ArrayList<>(List.of("systemctl", "show"));
    UnitStatus.PROPERTIES.forEach(p -> argv.add("--property=" + p));
    argv.addAll(ours.keySet());
    Result shown = machine.check(argv, machine.tryRun(argv, new byte[0]));
    List<DiscoveredInstance> all = new ArrayList<>();
    for (UnitStatus status : UnitStatus.parseAll(shown.stdout())) {
      TenantId id = tenants.get(status.unit());
      if (id != null) {
        seenRestarts.putIfAbsent(id, status.restarts()); // watched from now on
        // a drop-in on disk that systemd has not loaded yet is still an instance: it runs after a reload
        InstanceState state = status.state(names.dropIn(id).toString());
        all.add(new DiscoveredInstance(id, state == InstanceState.MISSING ? InstanceState.STOPPED : state,
            ours.get(status.unit()).specHash()));
      }
    }
    all.sort((a, b) -> a.id().compareTo(b.id()));
    return all;
  }

  /**
   * The crash systemd restarted the unit after: how its main process ended, with the number of
   * automatic restarts since it was last started by hand (each follows a crash) as the crashes in a
   * row. By the time a restart is noticed, {@code systemctl show} mostly describes the new process
   * already (its {@code ExecMainCode} is 0 again), so the journal's line about the exit tells then.
   */
  private EventPayload.Crashed crash(TenantId id, UnitStatus status, OptionalInt restarts) {
    String journal = status.mainExit().isPresent() ? "" : logTail(id);
    Optional<MainExit> exit = status.mainExit().or(() -> MainExit.lastIn(journal));
    String how = "exited unexpectedly: " + exit.map(MainExit::description)
        .or(() -> MainExit.oomLineIn(journal)).orElse(status.result());
    return new EventPayload.Crashed(exit.map(MainExit::exitCode).orElse(OptionalInt.empty()),
        exit.map(MainExit::signal).orElse(OptionalInt.empty()), restarts, how);
  }

  @Override
  public String logTail(TenantId id) {
    List<String> argv = List.of("journalctl", "--unit=" + names.unit(id), "--lines=30", "--no-pager", "--output=cat");
    Result r = machine.tryRun(Machine.bounded(WATCH_COMMAND_TIMEOUT, argv), new byte[0]);
    return r.ok() ? r.stdout().strip() : "";
  }

  /** Instances are detached: they keep running, supervised by systemd; only the watcher stops. */
  @Override
  public void close() {
    watching.cancel(false); // a look under way ends within WATCH_COMMAND_TIMEOUT
  }
}
