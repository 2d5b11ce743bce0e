package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupVerification;
import io.redistenancy.Backups;
import io.redistenancy.EventPayload;
import io.redistenancy.internal.backup.Keyspace;
import io.redistenancy.internal.backup.RdbVerifier;
import io.redistenancy.internal.backup.Retention;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.BackupStore;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The engine's side of backups: creation ({@link BackupCreation}), restore ({@link RestoreOperation}),
 * verification, listing and retention, over the tenancy's {@link BackupStore}.
 */
final class BackupService {
  private final TenantOperations ops;
  private final BackupStore store;
  private final RdbVerifier verifier;
  private final Clock clock;

  BackupService(TenantOperations ops, BackupStore store, RdbVerifier verifier, Clock clock) {
    this.ops = ops;
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
  }

  TenantOperations operations() {
    return ops;
  }

  BackupStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  Backup create(TenantId id, LongConsumer progress) {
    Backup backup = ops.locks().with(id, () -> new BackupCreation(this, verifier).create(id, progress));
    prune(id);
    return backup;
  }

  /** The tenant's own backups: of its creation, not of an earlier tenant of its name. */
  List<Backup> list(TenantId id) {
    TenantRecord record = ops.require(id);
    return store.list(id.value()).stream().filter(b -> belongs(record, b)).toList();
  }

  Optional<Backup> find(TenantId id, String backupId) {
    return list(id).stream().filter(b -> b.id().equals(backupId)).findFirst();
  }

  /**
   * Whether {@code backup} is of this creation of the tenant. A backup from before creation ids has
   * none: it is the tenant's if the tenant existed when it was taken (a later tenant of the name did not).
   */
  static boolean belongs(TenantRecord record, Backup backup) {
    if (!backup.tenant().equals(record.name())) {
      return false;
    }
    return backup.creation().isEmpty() ? !backup.time().isBefore(Instant.parse(record.createdAt()))
        : backup.creation().equals(record.creationId());
  }

  /** Backups in the store of no current tenant: deleted ones, or earlier tenants of a name in use; newest first. */
  List<Backup> orphans() {
    Set<String> names = new TreeSet<>(store.tenants());
    ops.ids().forEach(id -> names.add(id.value()));
    List<Backup> orphans = new ArrayList<>();
    for (String name : names) {
      Optional<TenantRecord> current = currentTenant(name);
      store.list(name).stream().filter(b -> current.isEmpty() || !belongs(current.get(), b)).forEach(orphans::add);
    }
    orphans.sort(Comparator.comparing(Backup::time).thenComparing(Backup::id).reversed());
    return orphans;
  }

  private Optional<TenantRecord> currentTenant(String name) {
    try {
      return ops.find(TenantId.of(name));
    } catch (RuntimeException notATenantName) {
      return Optional.empty();
    }
  }

  /** Deletes the orphans older than {@link Backups#ORPHAN_RETENTION}. */
  List<Backup> pruneOrphans() {
    Instant oldestKept = clock.instant().minus(Backups.ORPHAN_RETENTION);
    List<Backup> expired = orphans().stream().filter(b -> b.time().isBefore(oldestKept)).toList();
    expired.forEach(store::delete);
    return expired;
  }

  /** Copies an earlier tenant's backup into this tenant's creation, then deletes the original. */
  Backup importFrom(TenantId id, Backup orphan) {
    return ops.locks().with(id, () -> new BackupImport(this, verifier).importFrom(ops.require(id), orphan));
  }

  BackupVerification verify(Backup backup) {
    return verifier.verify(backup, store.content(backup));
  }

  void restore(TenantId id, Backup backup) {
    requireOwn(id, backup);
    ops.locks().with(id, () -> ops.kind().data().restore(this, id, backup));
  }

  /** Creates {@code target} with the plan of the backup's tenant and restores into it. */
  void restoreAsNew(TenantId source, Backup backup, TenantId target) {
    requireOwn(source, backup);
    var sourceRecord = ops.require(source);
    ops.create(target, sourceRecord.effectivePlan(), sourceRecord.overrides(), false);
    try {
      ops.locks().with(target, () -> ops.kind().data().restore(this, target, backup));
    } catch (RuntimeException e) {
      try {
        ops.delete(target, io.redistenancy.Deletion.PURGE);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void requireOwn(TenantId id, Backup backup) {
    if (backup.tenant().equals(id.value()) && !belongs(ops.require(id), backup)) {
      throw new BackupException("Backup " + backup.id() + " is of an earlier tenant named '" + backup.tenant()
          + "' (deleted since), not of this one. Import it first if its data is this tenant's: "
          + "tenant.backups().importFrom(backup); the overview lists such backups as ORPHANED.");
    }
    if (!backup.tenant().equals(id.value())) {
      throw new BackupException("Backup " + backup.id() + " belongs to tenant '" + backup.tenant() + "', not '" + id
          + "'. Restore it through tenancy.tenant(\"" + backup.tenant() + "\"), or clone it into a new tenant"
          + " with restore(backup, \"new-name\").");
    }
  }

  void delete(Backup backup) {
    store.delete(backup);
  }

  /** Applies the tenant's plan's retention; returns what was deleted. */
  List<Backup> prune(TenantId id) {
    TenantRecord record = ops.require(id);
    List<Backup> expired = Retention.expired(list(id), record.effectivePlan().backupRetention(),
        clock.instant());
    expired.forEach(store::delete);
    return expired;
  }

  void emit(TenantId id, EventPayload payload) {
    ops.events().emit(id.value(), payload);
  }

  /** INFO keyspace of the tenant's instance, as keys and keys-with-TTL over every database. */
  static long[] keyspace(RespConnection conn) throws IOException {
    Keyspace keyspace = Keyspace.of(conn.callString("INFO", "keyspace"));
    return new long[] {keyspace.keys(), keyspace.expires()};
  }

  /** One {@code INFO} section as fields. */
  static Map<String, String> info(RespConnection conn, String section) throws IOException {
    Map<String, String> fields = new TreeMap<>();
    for (String line : conn.callString("INFO", section).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }
}
