package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * The data of tenants whose backend's administration offers no {@link io.redistenancy.spi.RemoteAccess}:
 * a snapshot of their server would hold other tenants' data, so backups and restores are refused, saying so
 * (a scheduled backup fails with this reason, and the tenant's backups go stale, both as events).
 */
final class NoData implements TenantData {
  private final String backend;

  NoData(String backend) {
    this.backend = backend;
  }

  @Override
  public ServerLogin login(TenantRecord record) {
    throw refusal(record.id());
  }

  private BackupException refusal(TenantId id) {
    return new BackupException("Tenant '" + id + "' shares a server on backend '" + backend + "', which gives"
        + " the library no remote access to its tenants' data: a snapshot would hold other tenants' data, so backups"
        + " are not supported there.");
  }

  @Override
  public SSLContext clientContext(TenantId id, ServerLogin login) {
    throw refusal(id);
  }

  @Override
  public RemoteServerData.Snapshot snapshot(TenantRecord record, ServerLogin login, SSLContext tls, Path staged,
      LongConsumer progress) {
    throw refusal(record.id());
  }

  @Override
  public void restore(BackupService service, TenantId id, Backup backup) {
    throw new BackupException("Restore is not supported on backend '" + backend + "': tenant '" + id
        + "' shares a server with other tenants.");
  }

  /** No restore can have started: there is nothing to put back. */
  @Override
  public String recover(TenantOperations ops, TenantRecord record) {
    ops.save(record.done());
    return record.id() + ": restore interrupted before it changed anything; nothing to roll back";
  }
}
