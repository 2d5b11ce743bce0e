package io.redistenancy.internal.local;

import io.redistenancy.internal.Checked;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Lifecycle;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.DataDirectoryAccess;
import io.redistenancy.internal.ExclusiveFileLock;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code redis-server} child process per tenant, on this machine. Files live under the context's
 * work directory (see {@link TenantPaths}); clients reach an instance over a UNIX socket and,
 * when a port range is set, over TCP on 127.0.0.1.
 *
 * <h2>Lifecycle</h2>
 * {@link Lifecycle#ATTACHED}: instances end with the JVM; {@link #close()} stops them cleanly and a
 * {@link Watchdog} stops them when the JVM dies without closing. {@link Lifecycle#DETACHED}:
 * instances outlive the JVM; {@link #close()} leaves them running and the next backend on the same
 * work directory adopts them, after checking pid, start time and command ({@link ProcessRecord}).
 *
 * <p>Thread-safe: calls for different tenants run in parallel; each tenant's state is guarded by its
 * {@link TenantProcess}. Only one backend at a time may use a work directory ({@link WorkDirectoryLock}).
 */
public final class LocalBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

  private final BackendContext context;
  private final Path work;
  private final Services services;
  private final ExclusiveFileLock lock;
  private final Map<TenantId, TenantProcess> tenants = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Opens the backend on the context's work directory, adopting or stopping what a previous one left.
   *
   * @throws io.redistenancy.BackendUnavailableException if redis-server is missing or older than 6.2
   *     (checked before anything is written), or another backend uses the work directory
   */
  public static LocalBackend open(BackendContext context, LocalSettings settings) {
    return new LocalBackend(context, settings);
  }

  private LocalBackend(BackendContext context, LocalSettings settings) {
    RedisBinary binary = RedisBinary.locate(settings.binary());
    this.context = context;
    this.work = context.workDirectory().toAbsolutePath();
    this.lock = WorkDirectoryLock.acquire(work);
    ScheduledTasks supervisor = new ScheduledTasks(context.scheduler());
    ExecutorService restarts = DaemonThreads.serial("local-restart");
    Watchdog watchdog = null;
    try {
      PrivateFiles.directory(TenantPaths.tenantsDirectory(work));
      PrivateFiles.directory(TenantPaths.runDirectory(work));
      watchdog = settings.attached() ? new Watchdog(settings.stopTimeout().toMillis()) : null;
      this.services = new Services(context, settings, binary, new RedisLauncher(binary, !settings.attached()),
          PortAllocator.bindableHere(settings.firstPort(), settings.lastPort(), "Backends.local()"),
          Optional.ofNullable(watchdog), supervisor, restarts);
      loadExisting();
    } catch (RuntimeException e) {
      if (watchdog != null) {
        watchdog.close();
      }
      supervisor.close();
      restarts.shutdownNow();
      lock.close();
      throw e instanceof TenancyException t && !(t instanceof Checked.IoFailure) ? t
          : new TenancyException("Cannot open the local backend in " + work + ": " + e.getMessage(), e);
    }
    LOG.info("Local backend on {} ({}, redis-server {} at {}, {} tenants found)", work,
        settings.lifecycle(), binary.version(), binary.path(), tenants.size());
  }

  /**
   * Reads every tenant directory; adopts processes that are provably this home's redis-server, found by
   * their record or, when the previous JVM died before recording them, by their working directory
   * ({@link InstanceScan}). Whatever else runs in this work directory belongs to no tenant and is killed.
   */
  private void loadExisting() {
    Map<String, List<InstanceScan.Found>> running = InstanceScan.byTenant(work, services.binary());
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TenantPaths.tenantsDirectory(work), Files::isDirectory)) {
      for (Path dir : dirs) {
        TenantId id;
        try {
          id = TenantId.of(dir.getFileName().toString());
        } catch (InvalidRequestException e) {
          LOG.warn("Ignoring {}: not a tenant directory", dir);
          continue;
        }
        TenantPaths paths = new TenantPaths(work, id);
        ProcessRecord record = ProcessRecord.read(paths.record())
            .orElse(ProcessRecord.stopped(context.ownerId(), "", 0));
        List<InstanceScan.Found> found = running.getOrDefault(id.value(), List.of());
        running.remove(id.value());
        if (!record.owner().equals(context.ownerId())) {
          LOG.warn("Ignoring {}: it belongs to another tenancy (owner {})", dir, record.owner());
          continue;
        }
        services.ports().restore(id.value(), record.port());
        TenantProcess tenant = new TenantProcess(paths, services, record);
        tenants.put(id, tenant);
        Optional<ProcessHandle> live = record.liveProcess(services.binary())
            .or(() -> found.stream().flatMap(f -> f.stillRunning().stream()).findFirst());
        live.ifPresentOrElse(tenant::adopt, () -> {
          if (record.pid() != 0) {
            LOG.info("Tenant {}: recorded pid {} is not its redis-server any more; the instance is stopped", id, record.pid());
            record.withoutProcess().write(paths.record());
          }
        });
        found.stream().filter(f -> live.map(p -> p.pid() != f.process().pid()).orElse(true))
            .forEach(f -> kill(f, "a second redis-server on the data of tenant " + id));
      }
    } catch (IOException e) {
      throw Checked.failure("list " + TenantPaths.tenantsDirectory(work), e);
    }
    running.values().forEach(list -> list.forEach(f -> kill(f, "its tenant's directory is gone")));
    InstanceScan.deleteStrandedSockets(work);
  }

  /** Kills a redis-server no tenant owns: nothing of it is kept, so no clean shutdown is owed. */
  private static void kill(InstanceScan.Found orphan, String why) {
    orphan.stillRunning().ifPresent(p -> {
      LOG.warn("Killing redis-server pid {} in {}: {}", p.pid(), orphan.tenant(), why);
      p.destroyForcibly();
      try {
        if (!Liveness.awaitExit(p, 10_000)) {
          LOG.warn("redis-server pid {} did not exit after SIGKILL", p.pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> capabilities = EnumSet.of(Capability.UNIX_SOCKET, Capability.SUPERVISION,
        Capability.DETACHED_INSTANCES);
    if (services.ports().enabled()) {
      capabilities.add(Capability.TCP);
      capabilities.add(Capability.TLS); // on the TCP port: Redis has no TLS on UNIX sockets
      capabilities.add(Capability.LIVE_ACCESS); // TenantProcess.render moves a running instance's listeners
    }
    return capabilities;
  }

  @Override
  public Instance provision(InstanceSpec spec) {
    requireOpen();
    TenantPaths paths = new TenantPaths(work, spec.id());
    paths.requireShortSocketPath();
    return guarded("provision", spec.id(), () -> {
      TenantProcess tenant = tenants.computeIfAbsent(spec.id(), id -> newTenant(paths));
      try {
        return tenant.renderAndStart(spec);
      } catch (RuntimeException e) {
        // nothing was written for a new tenant: forget it, so discover() does not list it
        if (!Files.exists(paths.directory())) {
          tenants.remove(spec.id(), tenant);
        }
        throw e;
      }
    });
  }

  /** A tenant this backend has not seen; refuses a directory another tenancy left there. */
  private TenantProcess newTenant(TenantPaths paths) {
    ProcessRecord.read(paths.record()).filter(r -> !r.owner().equals(context.ownerId())).ifPresent(r -> {
      throw new ProvisioningFailedException("Tenant '" + paths.id() + "' cannot be created: " + paths.directory()
          + " belongs to another tenancy (owner " + r.owner() + "). Remove that directory or use another home.");
    });
    return new TenantProcess(paths, services, ProcessRecord.stopped(context.ownerId(), "", 0));
  }

  @Override
  public void reconfigure(InstanceSpec spec) {
    requireOpen();
    guarded("reconfigure", spec.id(), () -> {
      existing(spec.id()).render(spec);
      return null;
    });
  }

  @Override
  public Instance start(TenantId id) {
    requireOpen();
    return guarded("start", id, () -> existing(id).start());
  }

  @Override
  public void stop(TenantId id) {
    requireOpen();
    TenantProcess tenant = tenants.get(id);
    if (tenant != null) {
      tenant.stop();
    }
  }

  @Override
  public String remove(TenantId id, Deletion deletion) {
    requireOpen();
    TenantProcess tenant = tenants.get(id);
    if (tenant == null) {
      return "";
    }
    String kept = guarded("remove", id, () -> tenant.remove(deletion));
    tenants.remove(id, tenant);
    return kept;
  }

  @Override
  public Optional<Instance> instance(TenantId id) {
    TenantProcess tenant = tenants.get(id);
    return tenant == null ? Optional.empty() : tenant.running();
  }

  @Override
  public InstanceState state(TenantId id) {
    TenantProcess tenant = tenants.get(id);
    return tenant == null ? InstanceState.MISSING : tenant.state();
  }

  @Override
  public Optional<InstanceDataAccess> dataAccess() {
    return Optional.of(new DataDirectoryAccess(name(), id -> new TenantPaths(work, id).directory(), this::state,
        DataDirectoryAccess.Owner.KEEP));
  }

  @Override
  public List<DiscoveredInstance> discover() {
    List<DiscoveredInstance> found = new ArrayList<>();
    tenants.values().stream().sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(t -> found.add(new DiscoveredInstance(t.id(), t.state(), t.specHash())));
    return found;
  }

  @Override
  public String logTail(TenantId id) {
    TenantProcess tenant = tenants.get(id);
    return tenant == null ? "" : tenant.logTail();
  }

  /** What the tenants share (the watchdog among it). Package-private: for tests. */
  Services services() {
    return services;
  }

  /** The pid of a tenant's running redis-server, or 0. Package-private: for tests. */
  long pid(TenantId id) {
    TenantProcess tenant = tenants.get(id);
    return tenant == null ? 0 : tenant.pid();
  }

  /**
   * ATTACHED: stops every instance (all SIGTERMs first, then the waits, so a large fleet stops in
   * about the time of its slowest save). DETACHED: leaves them running for the next backend.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (services.attached()) {
        List<Runnable> waits = new ArrayList<>();
        for (TenantProcess tenant : tenants.values()) {
          ProcessHandle process = tenant.beginStop();
          if (process != null) {
            waits.add(() -> tenant.awaitStop(process));
          }
        }
        for (Runnable wait : waits) {
          try {
            wait.run();
          } catch (TenancyException e) {
            LOG.warn("While closing: {}", e.getMessage());
          }
        }
      } else {
        tenants.values().forEach(TenantProcess::release);
      }
    } finally {
      services.watchdog().ifPresent(Watchdog::close);
      services.supervisor().close();
      services.restarts().shutdownNow();
      lock.close();
    }
  }

  private TenantProcess existing(TenantId id) {
    TenantProcess tenant = tenants.get(id);
    if (tenant == null) {
      throw new TenantNotFoundException("The local backend has no instance for tenant '" + id
          + "' in " + work + "; provision it first.");
    }
    return tenant;
  }

  private void requireOpen() {
    if (closed) {
      throw new TenancyException("The local backend on " + work + " is closed; open a new tenancy.");
    }
  }

  /** Turns file errors and renderer refusals into the library's exceptions, naming the tenant. */
  private static <T> T guarded(String operation, TenantId id, Supplier<T> action) {
    try {
      return action.get();
    } catch (Checked.IoFailure e) {
      throw new ProvisioningFailedException("Cannot " + operation + " tenant '" + id + "': "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("Cannot " + operation + " tenant '" + id + "': " + e.getMessage());
    }
  }
}
