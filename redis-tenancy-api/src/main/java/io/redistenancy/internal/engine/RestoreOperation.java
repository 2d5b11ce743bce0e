package io.redistenancy.internal.engine;

import io.redistenancy.internal.Checked;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupVerification;
import io.redistenancy.EventPayload;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.backup.RdbFormat;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceDataAccess;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a tenant's data with a backup's, under the tenant's lock, so that any failure — or a crash
 * at any point — ends with the tenant's previous data back in place:
 *
 * <ol>
 *   <li>verify the backup (refused before anything is touched); check the RDB version against the
 *       running Redis;
 *   <li>record the intent ({@code RESTORE}, with the token naming the data kept aside);
 *   <li>stop the instance; move its data aside ({@link InstanceDataAccess#setAside}); install the RDB;
 *   <li>start it with AOF off, whatever the plan says: with {@code appendonly yes} Redis loads the AOF
 *       and ignores {@code dump.rdb} (redis#12762), so an AOF tenant is started from the RDB and its AOF
 *       is then rebuilt from the loaded data ({@code CONFIG SET appendonly yes} runs a rewrite), and
 *       the plan's own configuration is rendered again for later starts;
 *   <li>check the key count against the backup's (keys with a TTL may have expired meanwhile);
 *   <li>without persistence, remove the loaded {@code dump.rdb} (so a restart still starts empty);
 *       discard the data aside; record the outcome.
 * </ol>
 *
 * A failure after step 2 stops the instance, puts the data aside back, renders the plan's configuration
 * and starts the tenant again ({@link #rollBack}); after a crash, reconcile does the same from the
 * recorded intent ({@link #recover}).
 */
final class RestoreOperation {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreOperation.class);
  private static final Duration REWRITE_TIMEOUT = Duration.ofMinutes(30);

  private final BackupService service;
  private final TenantOperations ops;
  private final Backend backend;

  RestoreOperation(BackupService service) {
    this.service = service;
    this.ops = service.operations();
    this.backend = ops.backend();
  }

  static InstanceDataAccess dataAccess(Backend backend, TenantId id) {
    return backend.dataAccess().orElseThrow(() -> new BackupException("Restore is not supported on backend '"
        + backend.name() + "': it gives the library no access to instances' data files. Tenant '" + id
        + "' was not changed."));
  }

  void restore(TenantId id, Backup backup) {
    TenantRecord record = ops.require(id);
    InstanceDataAccess data = dataAccess(backend, id);
    requireValid(service, id, backup);
    checkVersion(id, record, backup);
    String token = "restore-" + backup.id().toLowerCase();
    TenantRecord pending = record.begin(Operation.Type.RESTORE, service.clock().instant(), token);
    ops.save(pending);
    try {
      backend.stop(id);
      data.setAside(id, token);
      data.install(id, service.store().content(backup));
      Plan plan = record.effectivePlan();
      Persistence persistence = plan.persistence();
      if (persistence.usesAof()) {
        // appendonly no for this start only, so Redis loads dump.rdb
        backend.reconfigure(ops.spec(pending.withPlan(plan.toBuilder().persistence(Persistence.NONE).build())));
      }
      Instance instance = backend.start(id);
      ops.awaitReady(id, instance);
      pending = pending.withInstance(instance);
      ops.save(pending);
      TenantRecord started = pending;
      ops.admin(started, conn -> {
        long loaded = BackupService.keyspace(conn)[0];
        if (loaded > backup.keys() || loaded < backup.keys() - backup.volatileKeys()) {
          throw new TenancyException("the instance loaded " + loaded + " keys, the backup has " + backup.keys()
              + (backup.volatileKeys() > 0 ? " (" + backup.volatileKeys() + " with a TTL)" : ""));
        }
        if (persistence.usesAof()) {
          rebuildAof(conn, plan);
        }
        return null;
      });
      if (persistence.usesAof()) {
        backend.reconfigure(ops.spec(record));
      }
      if (persistence == Persistence.NONE) {
        data.removeSnapshot(id);
      }
      data.discardAside(id, token);
      if (!record.running()) {
        backend.stop(id);
      }
      ops.save(pending.done());
    } catch (RuntimeException e) {
      String outcome = rollBack(record, data, token, e);
      fail(id, "Restore of backup " + backup.id() + " into tenant '" + id + "' failed: " + e.getMessage() + ". "
          + outcome, e);
    }
    service.emit(id, new EventPayload.Restored(backup.id(), backup.keys()));
  }

  private void fail(TenantId id, String message, RuntimeException cause) {
    fail(service, id, message, cause);
  }

  static void fail(BackupService service, TenantId id, String message, RuntimeException cause) {
    service.emit(id, new EventPayload.BackupFailed(message));
    throw cause == null ? new BackupException(message) : new BackupException(message, cause);
  }

  /** Refuses a backup that fails verification, before anything is touched. */
  static void requireValid(BackupService service, TenantId id, Backup backup) {
    BackupVerification verification = service.verify(backup);
    if (!verification.valid()) {
      fail(service, id, "Backup " + backup.id() + " of tenant '" + backup.tenant() + "' is invalid: "
          + verification.reason() + ". Nothing was changed: tenant '" + id + "' keeps its data.", null);
    }
  }

  /** Refuses an RDB newer than the running Redis loads; skipped when the instance is not running. */
  private void checkVersion(TenantId id, TenantRecord record, Backup backup) {
    if (backend.state(id) != InstanceState.RUNNING || record.endpoints().isEmpty()) {
      return;
    }
    String version = ops.admin(record, conn -> BackupService.info(conn, "server").getOrDefault("redis_version", ""));
    requireLoadable(service, id, backup, version);
  }

  /** Refuses a backup whose RDB version Redis {@code version} cannot load. */
  static void requireLoadable(BackupService service, TenantId id, Backup backup, String version) {
    RdbFormat.maxLoadableBy(version).filter(max -> backup.rdbVersion() > max).ifPresent(max ->
        fail(service, id, "Backup " + backup.id() + " is RDB version " + backup.rdbVersion() + " (from Redis "
            + backup.redisVersion() + "); tenant '" + id + "' runs Redis " + version + ", which reads up to version "
            + max + ". Nothing was changed.", null));
  }

  /**
   * Turns the AOF on from the loaded data ({@code CONFIG SET appendonly yes} writes a new base file by
   * a rewrite) and puts back the plan's save points; waits for the rewrite.
   */
  private static void rebuildAof(io.redistenancy.internal.resp.RespConnection conn, Plan plan)
      throws java.io.IOException {
    if (plan.persistence().usesRdb()) {
      conn.call("CONFIG", "SET", "save", plan.savePoints().stream()
          .map(p -> p.seconds() + " " + p.changes()).collect(Collectors.joining(" ")));
    }
    conn.call("CONFIG", "SET", "appendonly", "yes");
    long deadline = System.nanoTime() + REWRITE_TIMEOUT.toNanos();
    while (true) {
      Map<String, String> p = BackupService.info(conn, "persistence");
      boolean busy = "1".equals(p.get("aof_rewrite_in_progress")) || "1".equals(p.get("aof_rewrite_scheduled"));
      if (!busy && "1".equals(p.get("aof_enabled"))) {
        if (!"ok".equals(p.get("aof_last_bgrewrite_status"))) {
          throw new TenancyException("rebuilding the append-only file failed (aof_last_bgrewrite_status "
              + p.get("aof_last_bgrewrite_status") + ")");
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TenancyException("the append-only file was not rebuilt within " + REWRITE_TIMEOUT.toMinutes()
            + " minutes");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw Checked.interrupted("the append-only file was rebuilt", e);
      }
    }
  }

  /**
   * Puts the data aside under {@code token} back and the tenant in its desired state; returns what the
   * caller tells the user. Failures here are added to {@code cause}.
   */
  private String rollBack(TenantRecord record, InstanceDataAccess data, String token, RuntimeException cause) {
    return rollBack(record.name(), () -> restoreAside(ops, record, data, token), cause);
  }

  /** Runs {@code putBack}; returns what the caller tells the user. Failures here are added to {@code cause}. */
  static String rollBack(String tenant, Runnable putBack, RuntimeException cause) {
    try {
      putBack.run();
      return "Rolled back: tenant '" + tenant + "' has its previous data again.";
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.error("Tenant {}: rolling back a failed restore failed; tenancy.reconcile() retries", tenant, e);
      return "Rolling back failed too (" + e.getMessage() + "); the previous data is kept aside and "
          + "tenancy.reconcile() puts it back.";
    }
  }

  private static void restoreAside(TenantOperations ops, TenantRecord record, InstanceDataAccess data, String token) {
    TenantId id = record.id();
    Backend backend = ops.backend();
    backend.stop(id);
    data.restoreAside(id, token);
    backend.reconfigure(ops.spec(record));
    TenantRecord done = record.done();
    if (record.running()) {
      Instance instance = backend.start(id);
      ops.awaitReady(id, instance);
      done = done.withInstance(instance);
    }
    ops.save(done);
  }

  /**
   * Reconcile's part: a {@code RESTORE} intent survived a crash. If data is still aside, the restore did
   * not finish: put it back. If not, the restore either had not moved anything yet or had finished; in
   * both cases the data in place is the one to keep, and only the plan's configuration is rendered again.
   *
   * @return what was done, for the reconcile report
   */
  static String recover(TenantOperations ops, TenantRecord record) {
    TenantId id = record.id();
    String token = record.pending().detail();
    InstanceDataAccess data = dataAccess(ops.backend(), id);
    if (token != null && data.hasAside(id, token)) {
      restoreAside(ops, record, data, token);
      ops.events().emit(id.value(), new EventPayload.BackupFailed("restore interrupted; rolled back by reconcile"));
      return id + ": restore interrupted; rolled back to the data kept aside";
    }
    ops.backend().reconfigure(ops.spec(record));
    ops.save(record.done());
    return id + ": restore interrupted before moving data, or after finishing; configuration re-applied";
  }
}
