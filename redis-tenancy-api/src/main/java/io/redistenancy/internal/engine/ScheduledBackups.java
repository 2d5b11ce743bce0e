package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupSchedule;
import io.redistenancy.BackupStatus;
import io.redistenancy.Backups;
import io.redistenancy.EventPayload;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.backup.Due;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenancy's backup scheduler and fleet overview. One daemon thread, owned by the tenancy and
 * stopped when it closes, calls {@link #runDue()} once a minute (a thread of its own, not the engine's
 * scheduler: a tick backs up every due tenant, which can take minutes); every decision uses the tenancy's
 * {@link java.time.Clock}, so a test (or a user with a scheduler of their own) drives it by calling
 * {@link #runDue()} with the clock where it wants it. A failed backup is retried after
 * {@link #RETRY_AFTER} (or the schedule's period, if shorter); failures and staleness are kept in
 * memory and said once each as events.
 */
final class ScheduledBackups implements Backups, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledBackups.class);
  static final Duration TICK = Duration.ofMinutes(1);
  static final Duration RETRY_AFTER = Duration.ofMinutes(15);

  private final BackupService service;
  private final TenantOperations ops;
  private final ScheduledExecutorService executor;
  private final Map<TenantId, Failure> failures = new ConcurrentHashMap<>();
  private final Set<TenantId> staleSaid = ConcurrentHashMap.newKeySet();

  private record Failure(Instant at, String reason) {}

  ScheduledBackups(BackupService service) {
    this.service = service;
    this.ops = service.operations();
    this.executor = DaemonThreads.scheduler("backups", 1);
  }

  /**
   * Removes what a crash left in the backup store (the home is locked and no backup runs yet), then
   * starts the once-a-minute tick (the first one a minute from now).
   */
  void start() {
    try {
      service.store().removeLeftovers();
    } catch (RuntimeException e) {
      LOG.warn("Cannot remove leftovers of interrupted backups from {}: {}", service.store(), e.getMessage());
    }
    executor.scheduleWithFixedDelay(() -> {
      try {
        runDue();
      } catch (RuntimeException e) {
        LOG.warn("Scheduled backups: {}", e.getMessage(), e);
      }
    }, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized List<Backup> runDue() {
    List<Backup> made = new ArrayList<>();
    for (TenantId id : ops.ids()) {
      Optional<TenantRecord> record = ops.find(id);
      if (record.isEmpty() || record.get().pending() != null) {
        continue;
      }
      BackupSchedule schedule = record.get().effectivePlan().backupSchedule();
      if (!schedule.enabled()) {
        continue;
      }
      Instant now = service.clock().instant();
      Instant since = since(id, record.get());
      if (Due.isDue(schedule, since, now) && retryAllowed(id, schedule, now)
          && ops.backend().state(id) == InstanceState.RUNNING) {
        try {
          made.add(service.create(id, bytes -> {}));
          failures.remove(id);
          staleSaid.remove(id);
          continue;
        } catch (RuntimeException e) {
          failures.put(id, new Failure(now, e.getMessage()));
          LOG.warn("Scheduled backup of tenant {} failed: {}", id, e.getMessage());
        }
      }
      if (Due.isStale(schedule, since, now) && staleSaid.add(id)) {
        Optional<Instant> newest = service.list(id).isEmpty() ? Optional.empty() : Optional.of(since);
        service.emit(id, new EventPayload.BackupStale(newest, Duration.between(since, now), schedule.toString()));
      }
    }
    pruneOrphans();
    return made;
  }

  @Override
  public List<Backup> orphans() {
    return service.orphans();
  }

  @Override
  public List<Backup> pruneOrphans() {
    List<Backup> pruned = service.pruneOrphans();
    pruned.forEach(b -> LOG.info("Deleted backup {} of tenant {} that is gone (older than {} days)", b.id(),
        b.tenant(), ORPHAN_RETENTION.toDays()));
    return pruned;
  }

  @Override
  public void delete(Backup backup) {
    java.util.Objects.requireNonNull(backup, "backup");
    service.delete(backup);
  }

  private boolean retryAllowed(TenantId id, BackupSchedule schedule, Instant now) {
    Failure failure = failures.get(id);
    if (failure == null) {
      return true;
    }
    Duration wait = schedule.period().compareTo(RETRY_AFTER) < 0 ? schedule.period() : RETRY_AFTER;
    return !now.isBefore(failure.at().plus(wait));
  }

  /** The newest backup's time, or the tenant's creation if it has none. */
  private Instant since(TenantId id, TenantRecord record) {
    return service.list(id).stream().findFirst().map(Backup::time).orElseGet(() -> Instant.parse(record.createdAt()));
  }

  @Override
  public List<BackupStatus> overview() {
    Instant now = service.clock().instant();
    List<BackupStatus> all = new ArrayList<>();
    for (TenantId id : ops.ids()) {
      Optional<TenantRecord> record = ops.find(id);
      if (record.isEmpty()) {
        continue;
      }
      Optional<Backup> last = service.list(id).stream().findFirst();
      Optional<Duration> age = last.map(b -> Duration.between(b.time(), now));
      BackupSchedule schedule = record.get().effectivePlan().backupSchedule();
      Failure failure = failures.get(id);
      BackupStatus.Health health;
      String detail = "";
      if (failure != null) {
        health = BackupStatus.Health.FAILED;
        detail = failure.reason();
      } else if (last.isEmpty()) {
        health = BackupStatus.Health.NONE;
      } else if (Due.isStale(schedule, last.get().time(), now)) {
        health = BackupStatus.Health.STALE;
        detail = "older than two periods of schedule " + schedule;
      } else {
        health = BackupStatus.Health.OK;
      }
      all.add(new BackupStatus(id.value(), health, last, age, detail));
    }
    all.addAll(orphanLines(now));
    all.sort(java.util.Comparator.comparing(BackupStatus::tenant)); // stable: a tenant's own line first
    return all;
  }

  /** One line per tenant that is gone, with its newest backup. */
  private List<BackupStatus> orphanLines(Instant now) {
    Map<String, List<Backup>> byCreation = new java.util.LinkedHashMap<>();
    for (Backup b : service.orphans()) { // newest first, so each list's first is the newest
      byCreation.computeIfAbsent(b.tenant() + " " + b.creation(), k -> new ArrayList<>()).add(b);
    }
    List<BackupStatus> lines = new ArrayList<>();
    for (List<Backup> backups : byCreation.values()) {
      Backup newest = backups.get(0);
      lines.add(new BackupStatus(newest.tenant(), BackupStatus.Health.ORPHANED, Optional.of(newest),
          Optional.of(Duration.between(newest.time(), now)), backups.size() + " backup(s) of a deleted tenant '"
          + newest.tenant() + "'" + (newest.creation().isEmpty() ? "" : " (creation " + newest.creation() + ")")
          + ", kept " + ORPHAN_RETENTION.toDays() + " days from their time; a new tenant of the name can take"
          + " one with tenant.backups().importFrom(backup), or delete it with backups().delete(backup)"));
    }
    return lines;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
