package io.redistenancy.internal.engine;

import io.redistenancy.AlertNotifier;
import io.redistenancy.AlertRules;
import io.redistenancy.Alerts;
import io.redistenancy.AuditTrail;
import io.redistenancy.internal.Names;
import io.redistenancy.internal.alerts.AlertCenter;
import io.redistenancy.internal.audit.ActingView;
import io.redistenancy.internal.audit.AuditLog;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.internal.audit.Audited;
import io.redistenancy.Backups;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import io.redistenancy.PlanReloadReport;
import io.redistenancy.RollOutReport;
import io.redistenancy.ReconcileReport;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyException;
import io.redistenancy.TenancyListener;
import io.redistenancy.Tenant;
import io.redistenancy.TenantRequest;
import io.redistenancy.TenantStatus;
import io.redistenancy.UnwantedInstances;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.ExclusiveFileLock;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.tls.HomeCertificates;
import io.redistenancy.internal.backup.RdbVerifier;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.internal.state.StateStore;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackupStore;
import io.redistenancy.spi.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import io.redistenancy.CaRotationStep;
import io.redistenancy.RenewalReport;
import io.redistenancy.TlsOptions;
import java.util.Objects;
import java.util.function.Consumer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@link RedisTenancy}: owns the home, the state, the backend and the client. */
public final class TenancyEngine implements RedisTenancy {
  private static final Logger LOG = LoggerFactory.getLogger(TenancyEngine.class);
  /** Home paths end up in redis.conf; only characters it carries without quoting are allowed. */
  private static final Pattern SAFE_HOME = Pattern.compile("/[A-Za-z0-9_./@+-]*");

  private final Path home;
  private final ExclusiveFileLock lock;
  private final PlanCatalog plans;
  private final PlanVersions planVersions;
  private final PlanRequirements requirements;
  private final Reconfigure reconfigurations;
  private final MemoryCeiling memoryCeiling;
  private final TenantOperations operations;
  private final CertificateOperations certificateOperations;
  private final PasswordRotation passwords;
  private final CertificateWatch certificates;
  private final Housekeeping housekeeping;
  private final LettuceClients clients = new LettuceClients();
  private final BackupService backups;
  private final ScheduledBackups scheduledBackups;
  private final ScheduledExecutorService scheduler;
  private final FleetStatus fleetStatus;
  private final AuditLog auditLog;
  private final Audited audited;
  private final AlertCenter alerts;
  private volatile boolean closed;

  /** What the builder collected. {@code backend} may be null: discover one. */
  public record Settings(Path home, BackendFactory backend, PlanCatalog plans, TenancyListener listener,
      Clock clock, Duration readyTimeout, boolean reconcileOnOpen, TlsOptions tls, BackupStore backupStore,
      MemorySize maxTenantMemory, Operating operating) {}

  /** The builder's settings for operating a fleet: alert rules, notifiers, the audit trail's retention. */
  public record Operating(AlertRules alertRules, List<AlertNotifier> notifiers, Duration auditRetention) {}

  private TenancyEngine(Path home, ExclusiveFileLock lock, PlanCatalog plans, TenantOperations operations,
      BackupService backups, ScheduledExecutorService scheduler, Settings settings, Oversight oversight) {
    this.home = home;
    this.auditLog = oversight.log();
    this.audited = oversight.audited();
    this.alerts = oversight.alerts();
    this.scheduler = scheduler;
    this.lock = lock;
    this.plans = plans;
    this.memoryCeiling = MemoryCeiling.of(settings.maxTenantMemory());
    this.operations = operations;
    this.planVersions = new PlanVersions(plans);
    this.requirements = new PlanRequirements(operations, memoryCeiling);
    this.reconfigurations = new Reconfigure(operations, requirements);
    this.certificateOperations = new CertificateOperations(operations);
    this.passwords = new PasswordRotation(operations);
    this.certificates = new CertificateWatch(certificateOperations, settings.tls().expiryWarnings(), settings.clock());
    this.housekeeping = new Housekeeping(passwords, certificates, settings.clock(), scheduler);
    this.backups = backups;
    this.scheduledBackups = new ScheduledBackups(backups);
    this.fleetStatus = new FleetStatus(operations, scheduler);
  }

  public static RedisTenancy open(Settings settings) {
    Path home = checkedHome(settings.home());
    PlanCheck.requireValid(settings.plans(), MemoryCeiling.of(settings.maxTenantMemory()));
    BackendFactory factory = BackendSelection.choose(settings.backend());
    boolean newHome = !Files.exists(home);
    PrivateFiles.directory(home);
    ExclusiveFileLock lock = HomeLock.acquire(home);
    Backend backend = null;
    StateStore store = null;
    // one pool for the engine's and the backend's timers; two threads so one slow poll delays no other
    ScheduledExecutorService scheduler = DaemonThreads.scheduler("tenancy", 2);
    AuditLog auditLog = null;
    try {
      auditLog = AuditLog.open(home.resolve("audit"), settings.clock(), settings.operating().auditRetention());
      Oversight oversight = Oversight.of(home, auditLog, settings);
      store = new StateStore(home);
      EventDispatcher events = new EventDispatcher(List.of(oversight.alerts(), settings.listener()), settings.clock());
      EngineContext context = new EngineContext(home, PrivateFiles.directory(home.resolve("instances")),
          store.ownerId(), events, settings.clock(), scheduler);
      backend = factory.create(context);
      store.claimBackend(backend.name());
      TenantTls tls = new TenantTls(HomeCertificates.of(home, store.ownerId(), settings.clock(), settings.tls()));
      TenantOperations operations = new TenantOperations(store, backend, events, settings.clock(),
          settings.readyTimeout(), tls, new RemoteServerData(context.workDirectory(),
              () -> RedisBinary.locate(Optional.empty())));
      context.onFailed(operations::markFailed);
      context.onMoved(operations.moves()::reported);
      operations.moves().followAll("found when the home opened");
      BackupStore backupStore = settings.backupStore() != null ? settings.backupStore()
          : BackupStore.directory(home.resolve("backups"));
      TenancyEngine engine = new TenancyEngine(home, lock, settings.plans(), operations,
          new BackupService(operations, backupStore, RdbVerifier.create(), settings.clock()), scheduler, settings,
          oversight);
      if (settings.reconcileOnOpen()) {
        ReconcileReport report = engine.reconcile();
        if (!report.isClean()) {
          LOG.info("Reconciled home {} on open: {}", home, report);
        }
      }
      engine.housekeeping.start();
      engine.scheduledBackups.start();
      return engine;
    } catch (RuntimeException e) {
      if (backend != null) {
        closeQuietly(backend, e);
      }
      if (store != null) {
        closeQuietly(store, e);
      }
      if (auditLog != null) {
        closeQuietly(auditLog, e);
      }
      scheduler.shutdownNow();
      lock.close();
      if (newHome) {
        deleteQuietly(home, e); // a tenancy that never opened leaves no home behind
      }
      throw e;
    }
  }

  private static void deleteQuietly(Path home, RuntimeException cause) {
    try {
      PrivateFiles.deleteRecursively(home);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static Path checkedHome(Path home) {
    String text = home.toString();
    if (!SAFE_HOME.matcher(text).matches()) {
      throw new InvalidRequestException("Home path '" + Names.masked(text) + "' has characters "
          + "that redis.conf cannot carry safely; use an absolute path of letters, digits and . _ - / @ + only");
    }
    return home;
  }

  private static void closeQuietly(AutoCloseable closeable, RuntimeException cause) {
    try {
      closeable.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public TenantRequest create(String name) {
    ensureOpen();
    return new TenantCreation(this, TenantId.of(name));
  }

  @Override
  public Optional<Tenant> tenant(String name) {
    ensureOpen();
    try {
      TenantId id = TenantId.of(name);
      return operations.find(id).map(r -> new EngineTenant(this, id));
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<Tenant> tenants() {
    ensureOpen();
    return operations.ids().stream().<Tenant>map(id -> new EngineTenant(this, id)).toList();
  }

  @Override
  public List<TenantStatus> statuses(Duration timeout) {
    ensureOpen();
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidRequestException("statuses timeout " + timeout + " must be positive");
    }
    return fleetStatus.all(timeout);
  }

  @Override
  public ReconcileReport reconcile(UnwantedInstances unwanted) {
    ensureOpen();
    Objects.requireNonNull(unwanted, "unwanted");
    return audited.call(AuditOperation.RECONCILE, Optional.empty(), AuditParameters.none().choice("unwanted", unwanted),
        () -> {
          ReconcileReport report = new Reconciler(operations).run(unwanted);
          passwords.withdrawUnfinished(); // after the instances are back: a roll-back needs the server
          return report;
        }, TenancyEngine::repairs);
  }

  @Override
  public Backups backups() {
    ensureOpen();
    return new AuditedBackups(scheduledBackups, audited);
  }

  @Override
  public RedisTenancy as(String actor) {
    ensureOpen();
    return ActingView.of(this, actor);
  }

  @Override
  public AuditTrail audit() {
    ensureOpen();
    return auditLog;
  }

  @Override
  public Alerts alerts() {
    ensureOpen();
    return alerts;
  }

  /** The one wrapper every mutating operation runs in (see {@link Audited}). */
  Audited audited() {
    return audited;
  }

  /** What a reconcile repaired, as counts (the lists name tenants and instances, which the trail keeps apart). */
  private static AuditParameters repairs(ReconcileReport report) {
    return AuditParameters.none().count("completed", report.completed().size())
        .count("rolledBack", report.rolledBack().size()).count("restarted", report.restarted().size())
        .count("unwanted", report.unwanted().size()).count("removed", report.removed().size())
        .count("problems", report.problems().size());
  }

  BackupService backupService() {
    ensureOpen();
    return backups;
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public String backendName() {
    return operations.backend().name();
  }

  @Override
  public RenewalReport renewCertificates(Duration within, Consumer<RenewalReport.Progress> progress) {
    ensureOpen();
    Objects.requireNonNull(within, "within");
    Objects.requireNonNull(progress, "progress");
    return audited.call(AuditOperation.CERTIFICATES_RENEW_EXPIRING, Optional.empty(),
        AuditParameters.none().duration("within", within), () -> certificates.renewExpiring(within, progress));
  }

  @Override
  public RenewalReport rotateCertificateAuthority(CaRotationStep step, Consumer<RenewalReport.Progress> progress) {
    ensureOpen();
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(progress, "progress");
    return audited.call(AuditOperation.CA_ROTATE, Optional.empty(), AuditParameters.none().choice("step", step),
        () -> new CaRotation(certificateOperations).run(step, progress));
  }

  CertificateOperations certificateOperations() {
    ensureOpen();
    return certificateOperations;
  }

  PasswordRotation passwords() {
    ensureOpen();
    return passwords;
  }

  Housekeeping housekeeping() {
    return housekeeping;
  }

  PlanCatalog plans() {
    return plans;
  }

  PlanVersions planVersions() {
    return planVersions;
  }

  PlanRequirements requirements() {
    return requirements;
  }

  Reconfigure reconfigurations() {
    return reconfigurations;
  }

  @Override
  public PlanReloadReport reloadPlans() {
    return planVersions.reload();
  }

  @Override
  public RollOutReport rollOut(String planName, Consumer<RollOutReport.Outcome> progress) {
    Names.requireValid("Plan name", planName);
    java.util.Objects.requireNonNull(progress, "progress");
    Plan version = planVersions.current(planName, "Nothing was rolled out.");
    return new RollOut(operations, reconfigurations).run(planName, version, progress);
  }

  MemoryCeiling memoryCeiling() {
    return memoryCeiling;
  }

  TenantOperations operations() {
    ensureOpen();
    return operations;
  }

  LettuceClients clients() {
    return clients;
  }

  private void ensureOpen() {
    if (closed) {
      throw new TenancyException("This RedisTenancy on " + home + " is closed; build a new one");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      housekeeping.close();
      scheduledBackups.close();
      fleetStatus.close();
      clients.close();
      operations.backend().close();
    } finally {
      scheduler.shutdownNow(); // after the backend's close(), which cancels its own tasks
      try {
        operations.closeState();
        auditLog.close();
      } finally {
        lock.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RedisTenancy{" + home + ", backend " + backendName() + (closed ? ", closed" : "") + "}";
  }
}
