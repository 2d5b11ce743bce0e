package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.RemoteAccess;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * The data of tenants the library reaches only over the network (registered servers, key prefixes on
 * shared servers), with the administration's {@link RemoteAccess}: backups and restores go through
 * {@link RemoteServerData} ({@link RemoteRestore} for restores), since there are no files to read.
 */
final class NetworkData implements TenantData {
  private final RemoteAccess remote;
  private final RemoteServerData data;

  NetworkData(RemoteAccess remote, RemoteServerData data) {
    this.remote = remote;
    this.data = data;
  }

  @Override
  public ServerLogin login(TenantRecord record) {
    return remote.adminLogin(record.id());
  }

  /** The server's own trust, where it speaks TLS. */
  @Override
  public SSLContext clientContext(TenantId id, ServerLogin login) {
    return login.sslContext();
  }

  @Override
  public RemoteServerData.Snapshot snapshot(TenantRecord record, ServerLogin login, SSLContext tls, Path staged,
      LongConsumer progress) throws IOException {
    return data.snapshot(login, record.keyPrefix(), staged, progress);
  }

  @Override
  public void restore(BackupService service, TenantId id, Backup backup) {
    new RemoteRestore(service, remote, data).restore(id, backup);
  }

  @Override
  public String recover(TenantOperations ops, TenantRecord record) {
    return RemoteRestore.recover(ops, record, remote, data);
  }
}
