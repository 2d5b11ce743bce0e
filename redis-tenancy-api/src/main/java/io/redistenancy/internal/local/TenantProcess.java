package io.redistenancy.internal.local;

import io.redistenancy.internal.Checked;
import io.redistenancy.Access;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.internal.BackendLogin;
import io.redistenancy.internal.DeferredListeners;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.ListenerProof;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import io.redistenancy.spi.TlsMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's files and process, and its supervision: an unexpected exit is reported and restarted
 * with a backoff until more than {@code maxRestarts} crashes in a row mark it FAILED (see
 * {@link CrashPolicy}); expected stops never count.
 *
 * <p>Every field is guarded by {@code this}. Exit callbacks and restarts run on the backend's
 * supervisor thread and carry the {@link #generation} they belong to, so a callback about a process
 * that was since stopped, replaced or handed over is ignored.
 */
final class TenantProcess {
  private static final Logger LOG = LoggerFactory.getLogger(TenantProcess.class);

  /** How often an adopted process (not this JVM's child: no exit notification) is checked. */
  static final Duration ADOPTED_POLL = Duration.ofMillis(200);

  private final TenantPaths paths;
  private final Services services;
  private final String name;
  private final CrashPolicy crashes;

  private ProcessRecord record;
  private ProcessHandle current;
  private InstanceState state = InstanceState.STOPPED;
  private long generation;
  private boolean stopping;
  private boolean released;
  private String lastExit = "";
  /** The backend's own admin password for this tenant ({@link BackendLogin}); null until rendered or read. */
  private String login;
  /** Rendered files not yet fsynced: {@link #spawn()} syncs them while the process boots. */
  private final DeferredSync unsynced = new DeferredSync();

  TenantProcess(TenantPaths paths, Services services, ProcessRecord record) {
    this.paths = paths;
    this.services = services;
    this.name = paths.id().value();
    this.record = record;
    this.crashes = new CrashPolicy(services.settings().maxRestarts());
  }

  TenantId id() {
    return paths.id();
  }

  synchronized String specHash() {
    return record.specHash();
  }

  /** Writes redis.conf, users.acl and the record for the next start; a running process keeps its port. */
  synchronized void render(InstanceSpec newSpec) {
    Access was = record.access();
    Optional<String> clientAuthWas = renderedClientAuth();
    renderUnsynced(newSpec);
    unsynced.sync();
    if (current != null && services.ports().enabled()) {
      int port = LiveListeners.change(name, current, paths.socket(), login(), services.ports(),
          paths.tlsFiles(record.port()), was, clientAuthWas, newSpec.plan().access(), newSpec.tlsMaterial());
      if (port != record.port()) {
        record = record.withPort(port);
        record.write(paths.record());
      }
    }
  }

  /** The {@code tls-auth-clients} of the rendered config: what the running instance has, if it serves TLS. */
  private Optional<String> renderedClientAuth() {
    if (!record.access().usesTls() || !Files.isRegularFile(paths.config())) {
      return Optional.empty();
    }
    try {
      return Files.readAllLines(paths.config()).stream().filter(l -> l.startsWith("tls-auth-clients "))
          .map(l -> l.substring("tls-auth-clients ".length()).trim()).findFirst();
    } catch (IOException e) {
      throw Checked.failure("read " + paths.config(), e);
    }
  }

  /**
   * Renders and starts: the files' fsyncs run after the spawn, while redis-server boots (it reads
   * them from the page cache); a crash before they are durable is covered by the engine's intent
   * record, which rolls the create back.
   */
  synchronized Instance renderAndStart(InstanceSpec newSpec) {
    renderUnsynced(newSpec);
    try {
      return start();
    } finally {
      unsynced.sync();
    }
  }

  private void renderUnsynced(InstanceSpec newSpec) {
    int port = current != null ? record.port() : services.ports().reserve(name, record.port(), Set.of());
    write(newSpec, port);
  }

  /**
   * Renders first, so a value the renderer refuses leaves nothing on disk. The config never names the
   * TCP port ({@link DeferredListeners}): {@link #bindPort()} gives it to each started process.
   */
  private void write(InstanceSpec newSpec, int port) {
    Access access = newSpec.plan().access();
    String config = DeferredListeners.apply(ConfigRenderer.redisConf(newSpec, paths.layout(port, access)), access,
        paths.socket(), TenantPaths.SOCKET_PERMISSIONS);
    ConfigRenderer.aclFile(newSpec.users()); // refuses a bad user before anything is written
    PrivateFiles.directory(paths.directory());
    PrivateFiles.directory(paths.data());
    login = BackendLogin.ensure(paths.backendLogin(), unsynced);
    String acl = ConfigRenderer.aclFile(BackendLogin.addTo(newSpec.users(), login));
    newSpec.tlsMaterial().ifPresent(tls -> writeTls(tls, port));
    unsynced.write(paths.config(), config);
    unsynced.write(paths.acl(), acl);
    record = record.withSpecHash(newSpec.hash()).withPort(port).withAccess(access);
    record.write(paths.record(), unsynced);
  }

  /** The key before the certificate: a running instance reloads both only on CONFIG SET, never half-written. */
  private void writeTls(TlsMaterial tls, int port) {
    InstanceLayout.TlsFiles files = paths.tlsFiles(port);
    PrivateFiles.directory(paths.tlsDirectory());
    unsynced.write(files.key(), tls.keyPem());
    unsynced.write(files.certificate(), tls.certificatePem());
    unsynced.write(files.caBundle(), tls.caBundlePem());
  }

  /** Starts the process unless it runs (or a restart is pending, which this makes immediate). */
  synchronized Instance start() {
    if (current != null) {
      return instance();
    }
    if (!Files.isRegularFile(paths.config())) {
      throw new TenantNotFoundException("The local backend has no configuration for tenant '" + name
          + "' (" + paths.config() + "); provision it first.");
    }
    crashes.reset();
    stopping = false;
    try {
      spawn();
    } catch (IOException | Checked.IoFailure e) {
      state = InstanceState.FAILED;
      throw new ProvisioningFailedException("Cannot start redis-server for tenant '" + name + "': "
          + e.getMessage() + tailSuffix(), e);
    }
    bindPort();
    return instance();
  }

  /**
   * Gives the running process its TCP port (its recorded one if it can have it) and records it; a
   * process that can have none is killed: clients would not find it where they look. One that died
   * meanwhile is left to its exit callback.
   *
   * @return the port it had before, which differs from {@code record.port()} if it moved
   */
  private int bindPort() {
    int before = record.port();
    if (!services.ports().enabled()) {
      return before;
    }
    ProcessHandle process = current;
    try {
      int port = new PortBinding(services.ports()).bind(name, process, paths.socket(), login(), before,
          record.access());
      if (port != before) {
        LOG.info("Tenant {} listens on TCP port {} (its port {} was taken)", name, port, before);
        record = record.withPort(port);
        record.write(paths.record());
      }
      return before;
    } catch (RuntimeException e) {
      if (!Liveness.running(process)) {
        // it died on its own: its exit is a crash like any other, reported and restarted by its callback
        LOG.warn("Tenant {}: redis-server pid {} exited before it had its TCP port", name, process.pid());
        return before;
      }
      generation++; // its exit is this failure, not a crash to restart
      current = null;
      state = InstanceState.FAILED;
      process.destroyForcibly();
      services.watchdog().ifPresent(w -> w.unregister(process.pid()));
      record = record.withoutProcess();
      writeRecordQuietly();
      throw e;
    }
  }

  private String login() {
    if (login == null) {
      login = BackendLogin.read(paths.backendLogin()).orElseThrow(() -> new ProvisioningFailedException(
          "Tenant '" + name + "' has no " + paths.backendLogin() + " (rendered by an older version): provision it"
              + " again (the engine's reconcile does) so the local backend can give it a TCP port."));
    }
    return login;
  }

  private void spawn() throws IOException {
    Process process = services.launcher().launch(paths);
    ProcessHandle handle = process.toHandle();
    long gen = ++generation;
    current = handle;
    state = InstanceState.RUNNING;
    crashes.started(services.context().clock().millis());
    services.watchdog().ifPresent(w -> w.register(handle));
    try {
      unsynced.sync();
      record = record.running(handle);
      record.write(paths.record());
    } catch (RuntimeException e) {
      // an unrecorded process could never be adopted or stopped by the next backend
      handle.destroyForcibly();
      services.watchdog().ifPresent(w -> w.unregister(handle.pid()));
      current = null;
      throw e;
    }
    LOG.debug("Tenant {}: redis-server started, pid {}", name, handle.pid());
    watch(process.onExit().thenApply(ProcessExit::of), gen, handle);
  }

  /** Supervises a process a previous backend on this directory started (checked by its record). */
  synchronized void adopt(ProcessHandle handle) {
    long gen = ++generation;
    current = handle;
    state = InstanceState.RUNNING;
    crashes.started(services.context().clock().millis());
    services.watchdog().ifPresent(w -> w.register(handle));
    LOG.info("Tenant {}: adopted running redis-server pid {}", name, handle.pid());
    if (record.pid() != handle.pid()) { // found by its working directory: the previous JVM never recorded it
      record = record.running(handle);
      writeRecordQuietly();
    }
    if (services.ports().enabled() && !ListenerProof.listensOn(handle.pid(), record.port())) {
      try {
        bindPort(); // a create or restart the previous JVM did not finish
      } catch (RuntimeException e) {
        LOG.warn("Tenant {}: the adopted redis-server pid {} has no TCP port and cannot get one: {}", name,
            handle.pid(), e.getMessage());
        return;
      }
    }
    CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    try {
      Future<?> poll = services.supervisor().scheduleWithFixedDelay(() -> {
        if (!Liveness.running(handle)) {
          exit.complete(ProcessExit.unknown("exit (adopted process, exit code unknown)"));
        }
      }, ADOPTED_POLL, ADOPTED_POLL);
      exit.whenComplete((detail, error) -> poll.cancel(false));
    } catch (RejectedExecutionException e) {
      return; // the backend is closing
    }
    watch(exit, gen, handle);
  }

  private void watch(CompletableFuture<ProcessExit> exit, long gen, ProcessHandle handle) {
    exit.whenCompleteAsync((how, error) -> exited(gen, handle, how == null ? ProcessExit.unknown("exit") : how),
        services.supervisor());
  }

  private synchronized void exited(long gen, ProcessHandle handle, ProcessExit how) {
    services.watchdog().ifPresent(w -> w.unregister(handle.pid()));
    if (gen != generation || released) {
      return;
    }
    current = null;
    record = record.withoutProcess();
    writeRecordQuietly();
    if (stopping) {
      state = InstanceState.STOPPED;
      return;
    }
    crashed(how);
  }

  private void crashed(ProcessExit how) {
    int inRow = crashes.crashed(services.context().clock().millis());
    String detail = how.description();
    lastExit = detail;
    LOG.warn("Tenant {}: redis-server exited unexpectedly ({}), crash {} in a row", name, detail, inRow);
    InstanceEvents events = services.context().events();
    notify(() -> events.event(id(),
        new EventPayload.Crashed(how.exitCode(), how.signal(), OptionalInt.of(inRow), detail)));
    if (crashes.givesUp()) {
      state = InstanceState.FAILED;
      String reason = "redis-server crashed " + inRow + " times in a row (last: " + detail
          + "); gave up after maxRestarts=" + crashes.maxRestarts() + "." + tailSuffix();
      LOG.error("Tenant {}: {}", name, reason);
      notify(() -> events.event(id(), new EventPayload.Failed(reason)));
      return;
    }
    state = InstanceState.STARTING;
    long delay = crashes.backoffMillis();
    long expected = generation;
    try {
      services.supervisor().schedule(() -> restartSoon(expected), Duration.ofMillis(delay));
    } catch (RejectedExecutionException e) {
      state = InstanceState.STOPPED; // the backend is closing
    }
  }

  private void restartSoon(long expected) {
    try {
      services.restarts().execute(() -> restart(expected));
    } catch (RejectedExecutionException e) {
      LOG.debug("Tenant {}: not restarted, the backend is closing", name);
    }
  }

  private synchronized void restart(long expected) {
    if (expected != generation || current != null || state != InstanceState.STARTING || released) {
      return;
    }
    try {
      spawn();
      int before = bindPort();
      String moved = before == record.port() ? "" : "; now on TCP port " + record.port() + " (port " + before
          + " was taken)";
      String detail = "restarted after " + lastExit + " (restart " + crashes.crashes() + " of at most "
          + crashes.maxRestarts() + ")" + moved;
      if (!moved.isEmpty()) {
        notify(() -> services.context().events().moved(id(), "TCP port " + before + " -> " + record.port()
            + " (port " + before + " was taken while it restarted)"));
      }
      int restart = crashes.crashes();
      notify(() -> services.context().events().event(id(), new EventPayload.Restarted(OptionalInt.of(restart), detail)));
    } catch (IOException | RuntimeException e) {
      state = InstanceState.FAILED;
      String reason = "cannot restart redis-server after " + lastExit + ": " + e.getMessage() + tailSuffix();
      LOG.error("Tenant {}: {}", name, reason);
      notify(() -> services.context().events().event(id(), new EventPayload.Failed(reason)));
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("An InstanceEvents listener threw; events must not throw", e);
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after the stop timeout); does nothing if stopped. */
  void stop() {
    awaitStop(beginStop());
  }

  /** Sends SIGTERM and returns the process to wait for, or null if none runs. */
  synchronized ProcessHandle beginStop() {
    if (current == null) {
      state = InstanceState.STOPPED; // also cancels a pending restart
      return null;
    }
    stopping = true;
    current.destroy();
    return current;
  }

  void awaitStop(ProcessHandle handle) {
    if (handle == null) {
      return;
    }
    long timeout = services.settings().stopTimeout().toMillis();
    try {
      if (!Liveness.awaitExit(handle, timeout)) {
        LOG.warn("Tenant {}: redis-server pid {} did not stop within {} ms; killing it", name, handle.pid(), timeout);
        handle.destroyForcibly();
        if (!Liveness.awaitExit(handle, 10_000)) {
          throw new TenancyException("redis-server pid " + handle.pid() + " of tenant '" + name
              + "' did not exit even after SIGKILL");
        }
      }
    } catch (InterruptedException e) {
      throw Checked.interrupted("stopping tenant '" + name + "'", e);
    }
    synchronized (this) {
      services.watchdog().ifPresent(w -> w.unregister(handle.pid()));
      if (current == handle) {
        generation++;
        current = null;
      }
      stopping = false;
      state = InstanceState.STOPPED;
      record = record.withoutProcess();
      writeRecordQuietly();
    }
  }

  /** The backend closes in DETACHED mode: the process keeps running, unsupervised until adopted. */
  synchronized void release() {
    released = true;
    generation++;
  }

  /** Stops and deletes the tenant; with KEEP_DATA moves data/ aside and returns where to. */
  String remove(Deletion deletion) {
    stop();
    synchronized (this) {
      release();
      String kept = "";
      try {
        if (deletion == Deletion.KEEP_DATA && Files.isDirectory(paths.data())) {
          kept = retainData().toString();
        }
        PrivateFiles.deleteRecursively(paths.directory());
        Files.deleteIfExists(paths.socket());
      } catch (IOException e) {
        throw Checked.failure("remove " + paths.directory(), e);
      }
      services.ports().release(name, record.port());
      return kept;
    }
  }

  private Path retainData() throws IOException {
    Path target = paths.retainedData(services.context().workDirectory(), services.context().clock().instant());
    PrivateFiles.directory(target.getParent());
    Files.move(paths.data(), target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  synchronized InstanceState state() {
    if (current != null) {
      // dead but its exit not yet handled: a restart is about to be decided
      return current.isAlive() ? InstanceState.RUNNING : InstanceState.STARTING;
    }
    return state;
  }

  /** The pid of the running process, for tests and logs; 0 if none. */
  synchronized long pid() {
    return current == null ? 0 : current.pid();
  }

  /** Where the instance listens, while it runs. */
  synchronized java.util.Optional<Instance> running() {
    return current != null && current.isAlive() ? java.util.Optional.of(instance()) : java.util.Optional.empty();
  }

  synchronized Instance instance() {
    return new Instance(id(), paths.endpoints(record.port(), record.access()));
  }

  String logTail() {
    return LogFile.tail(paths.log());
  }

  private String tailSuffix() {
    String tail = logTail();
    return tail.isEmpty() ? "" : " Last lines of " + paths.log() + ":\n" + tail;
  }

  private void writeRecordQuietly() {
    try {
      record.write(paths.record());
    } catch (Checked.IoFailure e) {
      LOG.warn("Tenant {}: cannot update {}: {}", name, paths.record(), e.getMessage());
    }
  }
}
