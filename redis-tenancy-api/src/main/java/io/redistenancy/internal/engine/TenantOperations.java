package io.redistenancy.internal.engine;

import io.redistenancy.CertificateInfo;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.TenancyEvent.Type;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantAlreadyExistsException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.state.StateStore;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantAdministration;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

  TenantOperations(StateStore store, Backend backend, EventDispatcher events, Clock clock, Duration readyTimeout,
      TenantTls tls) {
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

  TenantLocks locks() {
    return locks;
  }

  EventDispatcher events() {
    return events;
  }

  List<TenantId> ids() {
    return records.keySet().stream().sorted().toList();
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
    tls.certificates().forget(id);
  }

  Secrets secrets(TenantId id) {
    return secrets.computeIfAbsent(id, k -> store.secrets(k).orElseThrow(() -> new TenancyException(
        "The secrets of tenant '" + id + "' are missing from the home; restore them from a backup, "
            + "or delete the tenant and create it again")));
  }

  InstanceSpec spec(TenantRecord record) {
    Secrets s = secrets(record.id());
    return new InstanceSpec(record.id(), record.effectivePlan(), List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(Secrets.sha256(s.adminPassword()))),
        new AclUser(record.name(), AclUser.Role.TENANT, s.tenantPasswordHashes())),
        tls.material(record.id(), record.effectivePlan()));
  }

  // ---- create

  void create(TenantId id, Plan plan) {
    locks.with(id, () -> {
      Optional<TenantRecord> existing = find(id);
      if (existing.isPresent()) {
        throw new TenantAlreadyExistsException("Tenant '" + id + "' already exists (plan "
            + existing.get().plan().name() + ", backend " + backend.name() + "). Use tenancy.tenant(\"" + id
            + "\") or delete it first.");
      }
      // the secrets' fsync waits until the instance boots: until the outcome below is recorded, a
      // crash rolls the create back (the durable intent), so they only need to last from then on
      DeferredSync unsynced = new DeferredSync();
      Secrets fresh = Secrets.generate();
      store.saveSecrets(id, fresh, unsynced);
      secrets.put(id, fresh);
      TenantRecord record = TenantRecord.creating(id, plan, clock.instant());
      save(record);
      try {
        Instance instance = backend.provision(spec(record));
        unsynced.sync();
        awaitReady(id, instance);
        save(record.withInstance(instance).done());
      } catch (RuntimeException e) {
        rollBackCreate(id, e);
        throw e instanceof TenancyException ? e
            : new ProvisioningFailedException("Creating tenant '" + id + "' failed: " + e, e);
      }
      events.emit(Type.CREATED, id.value(), "plan " + plan.name() + ", maxmemory " + plan.maxMemory());
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

  private void awaitReady(TenantId id, Instance instance) {
    Endpoint endpoint = instance.endpoints().get(0);
    Readiness.await(backend, id, endpoint, tls.adminContext(endpoint), id.value(), secrets(id).tenantPassword(),
        readyTimeout);
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
      events.emit(Type.STARTED, id.value(), "");
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
    return started;
  }

  void stop(TenantId id) {
    locks.with(id, () -> {
      TenantRecord record = require(id).withRunning(false).begin(Operation.Type.STOP, clock.instant(), null);
      save(record);
      backend.stop(id);
      save(record.done());
      events.emit(Type.STOPPED, id.value(), "");
    });
  }

  // ---- resize

  void resize(TenantId id, MemorySize maxMemory) {
    locks.with(id, () -> {
      TenantRecord current = require(id);
      Plan before = current.effectivePlan();
      Plan after = before.toBuilder().maxMemory(maxMemory).build();
      TenantRecord record = current.withPlan(after).begin(Operation.Type.RESIZE, clock.instant(), null);
      save(record);
      backend.reconfigure(spec(record));
      if (backend.state(id) == InstanceState.RUNNING) {
        applyLive(record);
      }
      save(record.done());
      events.emit(Type.RESIZED, id.value(), before.maxMemory() + " -> " + after.maxMemory());
    });
  }

  /** Applies the record's live-changeable values to the running instance. */
  void applyLive(TenantRecord record) {
    Optional<TenantAdministration> shared = backend.administration();
    if (shared.isPresent()) {
      shared.get().applyLive(spec(record));
      return;
    }
    admin(record, conn -> conn.call(liveConfig(record.effectivePlan())));
  }

  /** {@code CONFIG SET} of every plan value Redis can change at run time. */
  private static String[] liveConfig(Plan plan) {
    return new String[] {"CONFIG", "SET",
        "maxmemory", plan.maxMemory().toRedisValue(),
        "maxmemory-policy", plan.evictionPolicy().redisName(),
        "maxclients", Integer.toString(plan.maxClients()),
        "timeout", Long.toString(plan.idleTimeout().toSeconds())};
  }

  /** Runs {@code work} as the admin user on the record's preferred endpoint (over TLS where it is TLS). */
  <T> T admin(TenantRecord record, AdminSession.Work<T> work) {
    Endpoint endpoint = record.endpointList().get(0);
    return AdminSession.run(record.name(), endpoint, tls.adminContext(endpoint), secrets(record.id()).adminPassword(), work);
  }

  // ---- certificates

  Optional<CertificateInfo> certificate(TenantId id) {
    return require(id).effectivePlan().access().usesTls() ? tls.certificates().serverInfo(id) : Optional.empty();
  }

  CertificateInfo renewCertificate(TenantId id) {
    return locks.with(id, () -> {
      TenantRecord record = require(id);
      if (!record.effectivePlan().access().usesTls()) {
        throw new InvalidRequestException("Tenant '" + id + "' has access " + record.effectivePlan().access()
            + ": it has no certificate to renew");
      }
      tls.certificates().renewServer(id);
      reloadTls(record);
      CertificateInfo info = tls.certificates().serverInfo(id).orElseThrow();
      events.emit(Type.CERTIFICATE_RENEWED, id.value(), "serial " + info.serialNumber() + ", until " + info.notAfter());
      return info;
    });
  }

  /**
   * Brings a TLS tenant's certificates and trusted CAs up to date with the home's CA (reissuing what
   * the current CA did not issue) and reloads them live. False for a plaintext tenant.
   */
  boolean refreshTls(TenantId id) {
    return locks.with(id, () -> {
      TenantRecord record = require(id);
      if (!record.effectivePlan().access().usesTls()) {
        return false;
      }
      tls.clientCertificate(id, record.effectivePlan());
      reloadTls(record);
      return true;
    });
  }

  TenantTls tls() {
    return tls;
  }

  /**
   * Hands the tenant's current TLS material to the backend and, if the instance runs, makes it reload
   * it: Redis 7 rereads the files on {@code CONFIG SET} of the tls-* paths, even to the same value.
   */
  void reloadTls(TenantRecord record) {
    backend.reconfigure(spec(record));
    if (backend.state(record.id()) != InstanceState.RUNNING) {
      return;
    }
    admin(record, conn -> {
      @SuppressWarnings("unchecked")
      List<Object> current = (List<Object>) conn.call("CONFIG", "GET", "tls-*-file");
      List<String> set = new java.util.ArrayList<>(List.of("CONFIG", "SET"));
      for (int i = 0; i + 1 < current.size(); i += 2) {
        String name = current.get(i).toString();
        if (TLS_FILES.contains(name)) {
          set.add(name);
          set.add(current.get(i + 1).toString());
        }
      }
      return conn.call(set.toArray(String[]::new));
    });
  }

  private static final java.util.Set<String> TLS_FILES = java.util.Set.of("tls-cert-file", "tls-key-file", "tls-ca-cert-file");

  // ---- password rotation

  /**
   * Gives the tenant user a new password; the current one keeps working until {@code now + grace}
   * (a rotation during another's grace period ends that one at once). Returns when the old one stops.
   */
  Instant rotatePassword(TenantId id, Duration grace) {
    return locks.with(id, () -> {
      TenantRecord record = require(id);
      Instant until = clock.instant().plus(grace);
      applyPasswords(record, secrets(id).rotated(Secrets.newPassword(), until));
      events.emit(Type.PASSWORD_ROTATED, id.value(), "the previous password works until " + until);
      return until;
    });
  }

  /** Ends a rotation's grace period if it is due, or at once with {@code now}: the old password stops working. */
  void retirePassword(TenantId id, boolean now) {
    locks.with(id, () -> {
      if (find(id).isEmpty()) {
        return;
      }
      Secrets current = secrets(id);
      Optional<Instant> at = current.retiringAt();
      if (at.isPresent() && (now || !at.get().isAfter(clock.instant()))) {
        applyPasswords(require(id), current.retired());
      }
    });
  }

  /** Tenants in a rotation's grace period, with when it ends. */
  java.util.Map<TenantId, Instant> retiringPasswords() {
    java.util.Map<TenantId, Instant> out = new java.util.TreeMap<>();
    for (TenantId id : ids()) {
      store.secrets(id).flatMap(Secrets::retiringAt).ifPresent(at -> out.put(id, at));
    }
    return out;
  }

  /**
   * Stores {@code next} (durably first: a crash never loses a password clients were given), renders the
   * ACL file for later starts and, if the instance runs, replaces the user's passwords in one command
   * ({@code resetpass} then every hash), which disconnects no one.
   */
  private void applyPasswords(TenantRecord record, Secrets next) {
    store.saveSecrets(record.id(), next);
    secrets.put(record.id(), next);
    InstanceSpec spec = spec(record);
    backend.reconfigure(spec);
    if (backend.state(record.id()) != InstanceState.RUNNING) {
      return;
    }
    Optional<TenantAdministration> shared = backend.administration();
    if (shared.isPresent()) {
      shared.get().applyPasswords(spec);
      return;
    }
    List<String> command = new java.util.ArrayList<>(List.of("ACL", "SETUSER", record.name(), "resetpass"));
    next.tenantPasswordHashes().forEach(h -> command.add("#" + h));
    admin(record, conn -> conn.call(command.toArray(String[]::new)));
  }

  // ---- reset

  void reset(TenantId id) {
    locks.with(id, () -> {
      TenantRecord record = require(id);
      Optional<TenantAdministration> shared = backend.administration();
      if (shared.isPresent()) {
        shared.get().reset(spec(record));
        return;
      }
      admin(record, conn -> {
        conn.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
        conn.call("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
        conn.call("FLUSHALL", "SYNC");
        conn.call("SCRIPT", "FLUSH", "SYNC");
        conn.call("FUNCTION", "FLUSH", "SYNC");
        conn.call(liveConfig(record.effectivePlan()));
        return conn.call("CONFIG", "RESETSTAT");
      });
    });
  }

  // ---- delete

  void delete(TenantId id, Deletion deletion) {
    locks.with(id, () -> {
      TenantRecord record = require(id).begin(Operation.Type.DELETE, clock.instant(), deletion.name());
      save(record);
      String kept = backend.remove(id, deletion);
      forget(id);
      events.emit(Type.DELETED, id.value(), kept.isEmpty() ? "" : "data kept at " + kept);
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
    Optional<TenantAdministration> shared = backend.administration();
    if (shared.isPresent()) {
      return shared.get().status(spec(record));
    }
    String info = admin(record, conn -> conn.callString("INFO", "everything"));
    return InfoParser.parse(id.value(), info);
  }

  ConnectionInfo connection(TenantId id) {
    TenantRecord record = require(id);
    if (record.endpoints().isEmpty()) {
      throw new TenancyException("Tenant '" + id + "' has no endpoint yet: its creation did not finish. "
          + "Run tenancy.reconcile().");
    }
    ConnectionInfo plain = new ConnectionInfo(id.value(), record.endpointList(), id.value(), secrets(id).tenantPassword(),
        record.keyPrefix());
    Plan plan = record.effectivePlan();
    if (!plan.access().usesTls()) {
      return plain;
    }
    Optional<IssuedCertificate> client = tls.clientCertificate(id, plan);
    return plain.withTls(tls.certificates().trustBundle(), client.map(IssuedCertificate::certificatePem).orElse(null),
        client.map(IssuedCertificate::keyPem).orElse(null));
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
