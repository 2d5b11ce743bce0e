package io.redistenancy;

import io.redistenancy.internal.engine.TenancyEngine;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackupStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point: a set of tenants, each with its own isolated Redis, kept under one home directory
 * on one backend.
 *
 * <pre>{@code
 * try (RedisTenancy tenancy = RedisTenancy.builder().home(Path.of("/var/lib/redis-tenancy")).build()) {
 *   Tenant acme = tenancy.create("acme").plan("premium").apply();
 *   try (var conn = acme.connect()) {
 *     conn.sync().set("k", "v");
 *   }
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * One {@code RedisTenancy} owns its home while it is open: a second one on the same home, in this
 * process or another, is refused until the first is closed. {@link #close()} releases the home,
 * closes what the tenancy created (its backend, its client resources) and, with the local backend in
 * {@link Lifecycle#ATTACHED} mode, stops the instances. Tenants themselves are kept: the next tenancy
 * on the home finds them again. Thread-safe.
 */
public interface RedisTenancy extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a request for a new tenant; nothing happens until {@link TenantRequest#apply()}.
   *
   * @throws InvalidRequestException if the name is invalid
   */
  TenantRequest create(String name);

  /** The tenant of that name, if it exists. */
  Optional<Tenant> tenant(String name);

  /** Every tenant, sorted by name. */
  List<Tenant> tenants();

  /**
   * The status of every tenant, sorted by name, in one call: read a few tenants at a time in parallel,
   * as {@link Tenant#status()} reads one. A tenant whose status cannot be read, or whose instance does
   * not answer within {@code timeout} (counted from the start of its own read), is in the list as
   * {@link TenantState#FAILED} with zero figures and the reason as its {@link TenantStatus#problem()};
   * nothing is recorded about it. Tenants deleted during the call are left out.
   *
   * @throws InvalidRequestException if {@code timeout} is not positive
   */
  List<TenantStatus> statuses(Duration timeout);

  /** Same as {@code reconcile(UnwantedInstances.REPORT)}. */
  default ReconcileReport reconcile() {
    return reconcile(UnwantedInstances.REPORT);
  }

  /**
   * Repairs drift between what should exist and what does: finishes or rolls back operations a crash
   * interrupted, starts tenants that should run, and reports (or removes) instances this home owns but
   * no tenant wants. Safe to call at any time; it also runs when a tenancy is built.
   */
  ReconcileReport reconcile(UnwantedInstances unwanted);

  /**
   * Renews the server certificate of every TLS tenant whose certificate ends within {@code within},
   * live (no restart), reporting after each tenant; one tenant's failure does not stop the others.
   */
  RenewalReport renewCertificates(java.time.Duration within, java.util.function.Consumer<RenewalReport.Progress> progress);

  /**
   * Runs one step of replacing the home's CA, in the order of {@link CaRotationStep}, updating every
   * TLS tenant live; running the last step again retries tenants that failed.
   *
   * @throws InvalidRequestException if {@code step} is not the next one (the message names it)
   */
  RenewalReport rotateCertificateAuthority(CaRotationStep step, java.util.function.Consumer<RenewalReport.Progress> progress);

  /**
   * Reads the plans of the catalog again (e.g. edited plan files); a plan that no longer reads keeps
   * its previous version in force and is reported with file, line and reason. Tenants change only
   * when the plan is rolled out ({@link #rollOut}).
   */
  PlanReloadReport reloadPlans();

  /**
   * Applies the current version of a plan (as of the last {@link #reloadPlans()}, or the tenancy's
   * opening) to every tenant on it, one at a time, live, keeping each tenant's own overrides and
   * resizes; one tenant's failure (rolled back) does not stop the others, and {@code progress} hears of
   * each tenant. A setting that needs a restart is not rolled out: those tenants fail with the reason.
   * Running it again retries the failed tenants.
   *
   * @throws InvalidRequestException for an unknown plan
   */
  RollOutReport rollOut(String planName, java.util.function.Consumer<RollOutReport.Outcome> progress);

  /** The fleet's backups: the overview, and scheduled backups on demand. */
  Backups backups();

  /**
   * A view of this tenancy whose operations the audit trail attributes to {@code actor} (a frontend
   * passes its authenticated user), as are the tenants, requests and backups it hands out. The view
   * shares the tenancy: its {@code close()} does nothing; close the tenancy itself.
   *
   * @throws InvalidRequestException if {@code actor} is blank, longer than 200 characters or has
   *     control characters
   */
  RedisTenancy as(String actor);

  /** The audit trail of every mutating operation: query it, verify its chain of hashes. */
  AuditTrail audit();

  /** The alerts raised from the tenancy's events: active and recent ones, acknowledgement. */
  Alerts alerts();

  /** The home directory. */
  Path home();

  /** The backend's name, e.g. {@code local}. */
  String backendName();

  /** Releases the home and closes what the tenancy created; see the class docs. Idempotent. */
  @Override
  void close();

  /**
   * Configures a {@link RedisTenancy}. Setters check their values at once; {@link #build()} opens the
   * home and leaves the builder reusable.
   */
  final class Builder {
    private Path home = Path.of(System.getProperty("user.home"), ".redis-tenancy");
    private BackendFactory backend;
    private PlanCatalog plans = Plans.of();
    private TenancyListener listener = TenancyListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Duration readyTimeout = Duration.ofSeconds(30);
    private boolean reconcileOnOpen = true;
    private TlsOptions tls = TlsOptions.defaults();
    private BackupStore backupStore;
    private MemorySize maxTenantMemory;
    private AlertRules alertRules = AlertRules.defaults();
    private final List<AlertNotifier> notifiers = new ArrayList<>();
    private Duration auditRetention = Duration.ofDays(400);

    private Builder() {}

    /** Where state, configuration, secrets and local data live. Default {@code ~/.redis-tenancy}. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home, "home").toAbsolutePath().normalize();
      return this;
    }

    /** The backend; default {@link Backends#local()}, or the best one found by ServiceLoader. */
    public Builder backend(BackendFactory backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Where plans are looked up; default: no plans but the built-in {@link Plan#DEFAULT}. */
    public Builder plans(PlanCatalog plans) {
      this.plans = Objects.requireNonNull(plans, "plans");
      return this;
    }

    /** Receives lifecycle events; default {@link TenancyListener#NONE}. */
    public Builder listener(TenancyListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock for event times and timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long {@code apply()} and {@code start()} wait for an instance to answer; default 30s. */
    public Builder readyTimeout(Duration readyTimeout) {
      Objects.requireNonNull(readyTimeout, "readyTimeout");
      if (readyTimeout.isNegative() || readyTimeout.isZero()) {
        throw new InvalidRequestException("readyTimeout " + readyTimeout + " must be positive");
      }
      this.readyTimeout = readyTimeout;
      return this;
    }

    /** Whether {@link #build()} runs {@link RedisTenancy#reconcile()}; default true. */
    public Builder reconcileOnOpen(boolean reconcileOnOpen) {
      this.reconcileOnOpen = reconcileOnOpen;
      return this;
    }

    /** How the home's CA issues certificates for TLS tenants; default {@link TlsOptions#defaults()}. */
    public Builder tls(TlsOptions tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Where backups are kept; default {@code BackupStore.directory(home.resolve("backups"))}. The
     * tenancy does not close a store it was given.
     */
    public Builder backupStore(BackupStore backupStore) {
      this.backupStore = Objects.requireNonNull(backupStore, "backupStore");
      return this;
    }

    /**
     * The largest {@code maxMemory} a tenant may have (from its plan, its request or a resize); default
     * this machine's memory (its container's limit where there is one).
     *
     * @throws InvalidRequestException below the plan minimum
     */
    public Builder maxTenantMemory(MemorySize maxTenantMemory) {
      Objects.requireNonNull(maxTenantMemory, "maxTenantMemory");
      if (maxTenantMemory.compareTo(Plan.Builder.MIN_MAX_MEMORY) < 0) {
        throw new InvalidRequestException("maxTenantMemory " + maxTenantMemory + " is below the smallest maxMemory "
            + "a plan may have, " + Plan.Builder.MIN_MAX_MEMORY);
      }
      this.maxTenantMemory = maxTenantMemory;
      return this;
    }

    /** Which events raise which alerts, and their thresholds; default {@link AlertRules#defaults()}. */
    public Builder alertRules(AlertRules alertRules) {
      this.alertRules = Objects.requireNonNull(alertRules, "alertRules");
      return this;
    }

    /**
     * Adds a notifier that is told about alerts ({@link Notifiers}); none by default. The tenancy does
     * not close it.
     */
    public Builder notifier(AlertNotifier notifier) {
      notifiers.add(Objects.requireNonNull(notifier, "notifier"));
      return this;
    }

    /**
     * How long the audit trail's daily files are kept; default 400 days.
     *
     * @throws InvalidRequestException below one day
     */
    public Builder auditRetention(Duration retention) {
      Objects.requireNonNull(retention, "auditRetention");
      if (retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new InvalidRequestException("auditRetention " + retention + " must be at least one day (PT24H)");
      }
      this.auditRetention = retention;
      return this;
    }

    /**
     * Opens the home (creating it 0700 if needed), takes its lock and starts the backend.
     *
     * @throws InvalidRequestException listing every problem of the plans ({@link PlanCatalog#problems()},
     *     and plans above the {@link #maxTenantMemory} ceiling); nothing is opened or created then
     * @throws TenancyException if the home is in use by another tenancy, or the backend is unavailable
     */
    public RedisTenancy build() {
      return TenancyEngine.open(new TenancyEngine.Settings(
          home, backend, plans, listener, clock, readyTimeout, reconcileOnOpen, tls, backupStore, maxTenantMemory,
          new TenancyEngine.Operating(alertRules, List.copyOf(notifiers), auditRetention)));
    }
  }
}
