package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.backup.SnapshotReceiver;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * A dedicated instance's data: a backup is the running instance's snapshot, received as its replica
 * would with the library's admin user; a restore puts the snapshot in its data directory
 * ({@link RestoreOperation}, through the backend's {@link io.redistenancy.spi.InstanceDataAccess}).
 */
final class InstanceFiles implements TenantData {
  /** Redis sends a newline a second while it prepares a transfer; a minute of silence is a dead peer. */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final TenantOperations ops;

  InstanceFiles(TenantOperations ops) {
    this.ops = ops;
  }

  @Override
  public ServerLogin login(TenantRecord record) {
    TenantId id = record.id();
    InstanceState state = ops.backend().state(id);
    if (state != InstanceState.RUNNING || record.endpoints().isEmpty()) {
      throw new BackupException("Tenant '" + id + "' is " + state + "; a backup needs the running instance. "
          + "Start it (tenant.start()) and try again.");
    }
    return new ServerLogin(record.endpointList().get(0), AclUser.ADMIN_NAME, ops.secrets(id).adminPassword());
  }

  /** The home CA's, for an instance that speaks TLS. */
  @Override
  public SSLContext clientContext(TenantId id, ServerLogin login) {
    return ops.tls().adminContext(id, login.endpoint());
  }

  @Override
  public RemoteServerData.Snapshot snapshot(TenantRecord record, ServerLogin login, SSLContext tls, Path staged,
      LongConsumer progress) throws IOException {
    return new RemoteServerData.Snapshot(SnapshotReceiver.receive(login.endpoint(), tls, login.user(),
        login.password(), staged, progress, IDLE_TIMEOUT), -1, -1);
  }

  @Override
  public void restore(BackupService service, TenantId id, Backup backup) {
    new RestoreOperation(service).restore(id, backup);
  }

  @Override
  public String recover(TenantOperations ops, TenantRecord record) {
    return RestoreOperation.recover(ops, record);
  }
}
