package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.backup.RdbVerifier;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.backup.SnapshotReceiver;
import io.redistenancy.internal.backup.SnapshotRefusal;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * Makes one backup, under the tenant's lock: reads the instance's version and key count, receives a
 * snapshot over the replication protocol ({@link SnapshotReceiver}, whose docs say why) into a staged
 * file of the store, verifies it ({@link RdbVerifier}: header, CRC-64, {@code redis-check-rdb}), and
 * only then publishes it. A failure discards the staged file and emits {@code BACKUP_FAILED}.
 */
final class BackupCreation {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final BackupService service;
  private final TenantOperations ops;
  private final RdbVerifier verifier;

  BackupCreation(BackupService service, RdbVerifier verifier) {
    this.service = service;
    this.ops = service.operations();
    this.verifier = verifier;
  }

  static String newId(Instant now) {
    return STAMP.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  Backup create(TenantId id, LongConsumer progress) {
    TenantRecord record = ops.require(id);
    try {
      return attempt(id, record, progress);
    } catch (RuntimeException e) {
      service.emit(id, new EventPayload.BackupFailed(String.valueOf(e.getMessage())));
      throw e;
    }
  }

  private Backup attempt(TenantId id, TenantRecord record, LongConsumer progress) {
    TenantData data = ops.kind().data();
    ServerLogin login = data.login(record);
    Endpoint endpoint = login.endpoint();
    String password = login.password();
    Instant now = service.clock().instant();
    String backupId = newId(now);
    SSLContext tls = data.clientContext(id, login); // null for a plaintext endpoint
    Map<String, String> server;
    long[] keyspace;
    try (var conn = io.redistenancy.internal.resp.RespConnection.open(endpoint, Duration.ofSeconds(10), tls)) {
      conn.auth(login.user(), password);
      server = BackupService.info(conn, "server");
      keyspace = BackupService.keyspace(conn);
    } catch (IOException | TenancyException e) {
      throw new BackupException("Backup of tenant '" + id + "' failed: its instance did not answer on " + endpoint
          + " (" + e.getMessage() + "). Check tenant.status().", e);
    }
    Path staged = service.store().stage(id.value(), backupId);
    try {
      RemoteServerData.Snapshot snapshot;
      try {
        snapshot = data.snapshot(record, login, tls, staged, progress);
      } catch (IOException e) {
        throw new BackupException("Backup of tenant '" + id + "' failed while receiving the snapshot from "
            + endpoint + ": " + SnapshotRefusal.explain(login, e) + ". Nothing was stored.", e);
      }
      if (snapshot.keys() >= 0) { // a prefix's keys, counted where they were cut out of the server's snapshot
        keyspace = new long[] {snapshot.keys(), snapshot.expires()};
      }
      RdbVerifier.FileCheck check = verifier.finish(staged, snapshot.received());
      if (!check.valid()) {
        throw new BackupException("Backup of tenant '" + id + "' failed verification: " + check.reason()
            + ". Nothing was stored; try again.");
      }
      // redis-check-rdb counts the snapshot's own keys; without it, INFO's figure from just before
      long keys = check.keys() >= 0 ? check.keys() : keyspace[0];
      long expires = check.expires() >= 0 ? Math.min(check.expires(), keys) : Math.min(keyspace[1], keys);
      Backup backup = new Backup(backupId, id.value(), now, check.size(), check.sha256(), check.version(),
          server.getOrDefault("redis_version", "unknown"), keys, expires, record.effectivePlan().persistence(),
          record.creationId());
      service.store().publish(backup, staged);
      service.emit(id, new EventPayload.BackupDone(backupId, backup.size(), keys));
      return backup;
    } catch (RuntimeException e) {
      service.store().discard(staged);
      throw e;
    }
  }
}
