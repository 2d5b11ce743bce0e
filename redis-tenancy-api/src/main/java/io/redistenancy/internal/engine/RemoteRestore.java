package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.EventPayload;
import io.redistenancy.internal.backup.RdbFormat;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.state.TenantRecord.Operation;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.RemoteAccess;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Restores a backup into a tenant whose data the library reaches only over the network (a registered
 * server, or a key prefix on a shared server), under the tenant's lock, with the same promise as
 * {@link RestoreOperation}: any failure, or a crash at any point, ends with the tenant's previous data back.
 *
 * <ol>
 *   <li>verify the backup; check that the server reads its RDB version, and the DUMP payloads of the
 *       local scratch {@code redis-server};
 *   <li>record the intent ({@code RESTORE}, with the token naming the data kept aside);
 *   <li>receive a snapshot of the server's current data and keep it aside ({@link RemoteServerData#setAside});
 *   <li>stop the tenant (its user is switched off and its clients disconnected, so nobody sees the
 *       copy half done); replace the tenant's keys with the backup's ({@link RemoteServerData#replaceWith});
 *   <li>check the key count against the backup's; start the tenant again; discard the data aside.
 * </ol>
 *
 * On failure the snapshot aside is copied back the same way; after a crash, reconcile does it
 * ({@link #recover}).
 */
final class RemoteRestore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final BackupService service;
  private final TenantOperations ops;
  private final RemoteAccess remote;
  private final RemoteServerData data;

  RemoteRestore(BackupService service, RemoteAccess remote, RemoteServerData data) {
    this.service = service;
    this.ops = service.operations();
    this.remote = remote;
    this.data = data;
  }

  void restore(TenantId id, Backup backup) {
    TenantRecord record = ops.require(id);
    ServerLogin login = remote.adminLogin(id);
    RestoreOperation.requireValid(service, id, backup);
    requireCompatible(id, backup, login);
    String token = "restore-" + backup.id().toLowerCase();
    TenantRecord pending = record.begin(Operation.Type.RESTORE, service.clock().instant(), token);
    ops.save(pending);
    try {
      data.setAside(id, login, record.keyPrefix(), token);
      ops.backend().stop(id);
      long loaded = data.replaceWith(login, record.keyPrefix(), service.store().content(backup));
      if (loaded > backup.keys() || loaded < backup.keys() - backup.volatileKeys()) {
        throw new io.redistenancy.TenancyException("the server holds " + loaded + " keys, the backup has "
            + backup.keys() + (backup.volatileKeys() > 0 ? " (" + backup.volatileKeys() + " with a TTL)" : ""));
      }
      if (record.running()) {
        ops.backend().start(id);
      }
      data.discardAside(id, token); // only now: until the tenant is on again, a failure puts the data aside back
      ops.save(pending.done());
    } catch (RuntimeException e) {
      String outcome = RestoreOperation.rollBack(record.name(), () -> putAsideBack(ops, remote, data, record, token), e);
      RestoreOperation.fail(service, id, "Restore of backup " + backup.id() + " into tenant '" + id + "' on "
          + login.endpoint() + " failed: " + e.getMessage() + ". " + outcome, e);
    }
    service.emit(id, new EventPayload.Restored(backup.id(), backup.keys()));
  }

  /**
   * The server must read the backup's RDB version, and the DUMP payloads the scratch server makes (they
   * carry its own RDB version): a newer local redis-server than the registered one cannot feed it.
   */
  private void requireCompatible(TenantId id, Backup backup, ServerLogin login) {
    String version = serverInfo(login).getOrDefault("redis_version", "");
    RestoreOperation.requireLoadable(service, id, backup, version);
    String scratch = data.scratchVersion();
    int writes = RdbFormat.maxLoadableBy(scratch).orElse(0);
    RdbFormat.maxLoadableBy(version).filter(reads -> writes > reads).ifPresent(reads ->
        RestoreOperation.fail(service, id, "Restore into tenant '" + id + "' copies keys through a local redis-server"
            + " " + scratch + ", whose data (RDB version " + writes + ") Redis " + version + " on " + login.endpoint()
            + " cannot read (up to " + reads + "). Point REDIS_TENANCY_REDIS_SERVER at a redis-server no newer than "
            + version + ". Nothing was changed.", null));
  }

  private Map<String, String> serverInfo(ServerLogin login) {
    try (RespConnection conn = RespConnection.open(login.endpoint(), TIMEOUT, login.sslContext())) {
      conn.auth(login.user(), login.password());
      return BackupService.info(conn, "server");
    } catch (IOException e) {
      throw new io.redistenancy.BackendUnavailableException("Cannot restore into " + login.endpoint()
          + ": it does not answer (" + e.getMessage() + "). Nothing was changed.", e);
    }
  }

  private static void putAsideBack(TenantOperations ops, RemoteAccess remote, RemoteServerData data,
      TenantRecord record, String token) {
    TenantId id = record.id();
    Backend backend = ops.backend();
    backend.stop(id);
    data.restoreAside(id, remote.adminLogin(id), record.keyPrefix(), token);
    data.discardAside(id, token);
    if (record.running()) {
      backend.start(id);
    }
    ops.save(record.done());
  }

  /** Reconcile's part: a restore was interrupted; if a snapshot is aside, the server gets it back. */
  static String recover(TenantOperations ops, TenantRecord record, RemoteAccess remote, RemoteServerData data) {
    TenantId id = record.id();
    String token = record.pending().detail();
    if (token != null && data.hasAside(id, token)) {
      putAsideBack(ops, remote, data, record, token);
      ops.events().emit(id.value(), new EventPayload.BackupFailed("restore interrupted; rolled back by reconcile"));
      return id + ": restore interrupted; the server's data kept aside was copied back";
    }
    ops.save(record.done());
    return id + ": restore interrupted before keeping data aside, or after finishing; nothing to roll back";
  }
}
