package io.redistenancy.internal.engine;

import io.redistenancy.internal.Checked;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.ServerTls;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantAlreadyExistsException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.internal.TenantLocks;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.redis.InfoParser;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.internal.state.StateStore;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * What can be done to one tenant, on any backend. Every mutation records its intent in the tenant's
 * record before acting and its outcome after, under the tenant's lock; records and secrets are cached
 * in memory (the home lock makes this process their only writer) and written through to disk.
 */
final class TenantOperations {
  private final StateStore store;
  private final Backend backend;
  private final EventDispatcher events;
  private final Clock clock;
  private final Duration readyTimeout;
  private final TenantTls tls;
  private final TenantLocks locks = new TenantLocks();
  private final ConcurrentHashMap<TenantId, TenantRecord> records = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TenantId, Secrets> secrets = new ConcurrentHashMap<>();
  private final InstanceMoves moves = new InstanceMoves(this);
  private final TenantKind kind;

  /** @param remoteData where backups reach tenants' data over the network, if the backend's kind has such */
  TenantOperations(StateStore store, Backend backend, EventDispatcher events, Clock clock, Duration readyTimeout,
      TenantTls tls, RemoteServerData remoteData) {
    this.kind = TenantKind.of(backend, this, remoteData);
    this.tls = tls;
    this.store = store;
    this.backend = backend;
    this.events = events;
    this.clock = clock;
    this.readyTimeout = readyTimeout;
    store.loadAll().forEach(r -> records.put(r.id(), r));
  }

  Backend backend() {
    return backend;
  }

  /** The administration of the backend's tenants and how backups reach their data. */
  TenantKind kind() {
    return kind;
  }

  /** Brings the state files up to date from the journal and closes it. */
  void closeState() {
    store.close();
  }

  TenantLocks locks() {
    return locks;
  }

  EventDispatcher events() {
    return events;
  }

  List<TenantId> ids() {
    return records.keySet().stream().sorted().toList();
  }

  /** Tenants with secrets and no record: creates a crash interrupted before their outcome. */
  List<TenantId> interruptedCreates() {
    return store.secretIds().stream().filter(id -> !records.containsKey(id)).sorted().toList();
  }

  Optional<TenantRecord> find(TenantId id) {
    return Optional.ofNullable(records.get(id));
  }

  TenantRecord require(TenantId id) {
    TenantRecord record = records.get(id);
    if (record == null) {
      throw new TenantNotFoundException("Tenant '" + id + "' does not exist (deleted, or never created). "
          + "tenancy.tenants() lists the tenants.");
    }
    return record;
  }

  void save(TenantRecord record) {
    store.save(record);
    records.put(record.id(), record);
  }

  void forget(TenantId id) {
    store.delete(id);
    records.remove(id);
    secrets.remove(id);
    tls.forget(id);
  }

  Secrets secrets(TenantId id) {
    return secrets.computeIfAbsent(id, k -> store.secrets(k).orElseThrow(() -> new TenancyException(
        "The secrets of tenant '" + id + "' are missing from the home; restore them from a backup, "
            + "or delete the tenant and create it again")));
  }

  InstanceSpec spec(TenantRecord record) {
    return spec(record, secrets(record.id()));
  }

  /** The spec with the users of {@code s} instead of the stored secrets (a rotation's roll-back renders it). */
  InstanceSpec spec(TenantRecord record, Secrets s) {
    return new InstanceSpec(record.id(), record.effectivePlan(), List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(Secrets.sha256(s.adminPassword()))),
        new AclUser(record.name(), AclUser.Role.TENANT, s.tenantPasswordHashes())),
        tls.material(record.id(), record.effectivePlan()));
  }

  // ---- create

  /**
   * @param ownSettings the settings the request set itself (kept by plan roll-outs)
   * @param adoptExistingKeys see {@link io.redistenancy.TenantRequest#adoptExistingKeys()}
   */
  void create(TenantId id, Plan plan, List<String> ownSettings, boolean adoptExistingKeys) {
    locks.with(id, () -> {
      Optional<TenantRecord> existing = find(id);
      if (existing.isPresent()) {
        throw new TenantAlreadyExistsException("Tenant '" + id + "' already exists (plan "
            + existing.get().plan().name() + ", backend " + backend.name() + "). Use tenancy.tenant(\"" + id
            + "\") or delete it first.");
      }
      // The secrets are the create's durable intent: secrets without a tenant record are a create a
      // crash interrupted, which reconcile rolls back. One durable write before acting, one with the
      // outcome (the record), both appended to the state journal: no file is created on this path.
      Secrets fresh = Secrets.generate();
      store.saveNewSecrets(id, fresh);
      secrets.put(id, fresh);
      TenantRecord record = TenantRecord.creating(id, plan, ownSettings, clock.instant());
      records.put(id, record); // in memory: this tenancy sees the tenant while it is made
      try {
        InstanceSpec spec = spec(record);
        Instance instance = backend.provision(adoptExistingKeys ? spec.adoptingExistingKeys() : spec);
        awaitReady(id, instance);
        TenantRecord created = record.withInstance(instance).done();
        store.saveNewRecord(created);
        records.put(id, created);
      } catch (RuntimeException e) {
        rollBackCreate(id, e);
        // a file that could not be written is a failed create, as the contract says, not a bare error
        throw e instanceof TenancyException && !(e instanceof Checked.IoFailure) ? e
            : new ProvisioningFailedException("Creating tenant '" + id + "' failed: " + e, e);
      }
      events.emit(id.value(), new EventPayload.Created(plan.name(), plan.maxMemory()));
    });
  }

  /** Removes whatever a failed create made; the create's own error is the one the caller sees. */
  void rollBackCreate(TenantId id, RuntimeException cause) {
    try {
      backend.remove(id, Deletion.PURGE);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
    try {
      forget(id);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  void awaitReady(TenantId id, Instance instance) {
    Endpoint endpoint = instance.endpoints().get(0);
    Readiness.await(backend, id, endpoint, clientContext(id, endpoint), id.value(), secrets(id).tenantPassword(),
        readyTimeout);
  }

  /** The TLS context for the library's connections to a tenant: the server's own trust, or the home CA's. */
  private SSLContext clientContext(TenantId id, Endpoint endpoint) {
    Optional<ServerTls> own = serverTls(id);
    return own.isPresent() && endpoint.isTls() ? SslContexts.forServer(own.get()) : tls.adminContext(id, endpoint);
  }

  private Optional<ServerTls> serverTls(TenantId id) {
    return kind.administration().serverTls(id);
  }

  // ---- start, stop

  void start(TenantId id) {
    locks.with(id, () -> {
      TenantRecord record = require(id);
      if (backend.state(id) == InstanceState.RUNNING && record.pending() == null && record.running()) {
        return;
      }
      record = record.withRunning(true).begin(Operation.Type.START, clock.instant(), null);
      save(record);
      startInstance(record);
      events.emit(id.value(), new EventPayload.Started());
    });
  }

  /** Starts (or recreates, if it is gone) the instance of {@code record} and records where it answers. */
  TenantRecord startInstance(TenantRecord record) {
    TenantId id = record.id();
    if (tls.renewIfEnded(record)) {
      backend.reconfigure(spec(record)); // a stopped instance starts with a certificate clients accept
    }
    Instance instance = backend.state(id) == InstanceState.MISSING
        ? backend.provision(spec(record))
        : backend.start(id);
    awaitReady(id, instance);
    TenantRecord started = record.withInstance(instance).done();
    save(started);
    InstanceMoves.announce(events, record, started, "while it started");
    return started;
  }

  void stop(TenantId id) {
    locks.with(id, () -> {
      TenantRecord record = require(id).withRunning(false).begin(Operation.Type.STOP, clock.instant(), null);
      save(record);
      backend.stop(id);
      save(record.done());
      events.emit(id.value(), new EventPayload.Stopped());
    });
  }

  /**
   * Refuses keyspace events on a backend whose tenants share their server or do not own its
   * configuration: {@code notify-keyspace-events} is server-wide.
   */
  void requireOwnConfiguration(KeyspaceEvents keyspaceEvents, String outcome) {
    if (!keyspaceEvents.isNone() && !kind.administration().ownsServerConfiguration()) {
      throw new InvalidRequestException("Keyspace events " + keyspaceEvents + " need a dedicated instance: "
          + "notify-keyspace-events is server-wide, and the " + backend.name() + " backend's tenants do not own "
          + "their server's configuration. " + outcome);
    }
  }

  /** Applies the record's live-changeable values to the running instance. */
  void applyLive(TenantRecord record) {
    kind.administration().applyLive(spec(record));
  }

  /** Runs {@code work} as the admin user on the record's preferred endpoint (over TLS where it is TLS). */
  <T> T admin(TenantRecord record, AdminSession.Work<T> work) {
    Endpoint endpoint = record.endpointList().get(0);
    return AdminSession.run(record.name(), endpoint, clientContext(record.id(), endpoint), secrets(record.id()).adminPassword(), work);
  }

  InstanceMoves moves() {
    return moves;
  }

  TenantTls tls() {
    return tls;
  }

  Clock clock() {
    return clock;
  }

  StateStore store() {
    return store;
  }

  /** Replaces the tenant's cached and stored secrets (durably: a crash never loses a password given out). */
  void replaceSecrets(TenantId id, Secrets next) {
    store.saveSecrets(id, next);
    secrets.put(id, next);
  }

  // ---- reset

  void reset(TenantId id) {
    locks.with(id, () -> {
      kind.administration().reset(spec(require(id)));
    });
  }

  // ---- delete

  void delete(TenantId id, Deletion deletion) {
    locks.with(id, () -> {
      TenantRecord record = require(id).begin(Operation.Type.DELETE, clock.instant(), deletion.name());
      save(record);
      String kept = backend.remove(id, deletion);
      forget(id);
      events.emit(id.value(), new EventPayload.Deleted(Optional.of(kept).filter(k -> !k.isEmpty()), false));
    });
  }

  // ---- reading

  TenantStatus status(TenantId id) {
    TenantRecord record = require(id);
    MemorySize maxMemory = record.effectivePlan().maxMemory();
    InstanceState state = backend.state(id);
    if (state == InstanceState.FAILED || (record.failure() != null && state != InstanceState.RUNNING)) {
      String reason = record.failure() != null ? record.failure() : "the backend gave up on it:\n" + backend.logTail(id);
      return InfoParser.notRunning(id.value(), TenantState.FAILED, maxMemory, Optional.of(reason));
    }
    if (state == InstanceState.RUNNING && record.endpoints().isEmpty()) {
      return InfoParser.notRunning(id.value(), TenantState.STARTING, maxMemory, Optional.empty());
    }
    if (state != InstanceState.RUNNING) {
      Optional<String> problem = state == InstanceState.MISSING
          ? Optional.of("its instance is gone; tenancy.reconcile() recreates it")
          : Optional.empty();
      return InfoParser.notRunning(id.value(), TenantState.valueOf(state.name()), maxMemory, problem);
    }
    return kind.administration().status(spec(record));
  }

  ConnectionInfo connection(TenantId id) {
    TenantRecord record = require(id);
    if (record.endpoints().isEmpty()) {
      throw new TenancyException("Tenant '" + id + "' has no endpoint yet: its creation did not finish. "
          + "Run tenancy.reconcile().");
    }
    ConnectionInfo plain = new ConnectionInfo(id.value(), record.endpointList(), id.value(), secrets(id).tenantPassword(),
        record.keyPrefix());
    Optional<ServerTls> own = serverTls(id);
    if (own.isPresent()) {
      return plain.withServerTls(own.get());
    }
    Plan plan = record.effectivePlan();
    if (!plan.access().usesTls()) {
      return plain;
    }
    Optional<IssuedCertificate> client = tls.clientCertificate(id, plan);
    return plain.withTls(tls.certificates().serverTrustBundle(id), client.map(IssuedCertificate::certificatePem).orElse(null),
        client.map(IssuedCertificate::keyPem).orElse(null)).withServerName(tls.certificates().serverName(id));
  }

  /** The backend gave up on an instance: remember why, so status and reconcile can say it. */
  void markFailed(TenantId id, String reason) {
    records.computeIfPresent(id, (k, r) -> {
      TenantRecord failed = r.withFailure(reason);
      store.save(failed);
      return failed;
    });
  }
}
