package io.redistenancy.internal.engine;

import io.redistenancy.Backup;
import io.redistenancy.internal.backup.RemoteServerData;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * How backups reach one kind of tenant's data, chosen once per tenancy with its administration
 * ({@link TenantKind}): the files of a dedicated instance ({@link InstanceFiles}), a server reached over
 * the network ({@link NetworkData}), or none ({@link NoData}, which refuses with the reason).
 */
interface TenantData {
  /**
   * The server a backup of the tenant reads and the login to read it with.
   *
   * @throws io.redistenancy.BackupException if the tenant cannot be backed up now, saying why
   */
  ServerLogin login(TenantRecord record);

  /** The client TLS context for {@code login}'s endpoint; null for a plaintext one. */
  SSLContext clientContext(TenantId id, ServerLogin login);

  /** Receives a snapshot of the tenant's data into {@code staged}, an existing private file. */
  RemoteServerData.Snapshot snapshot(TenantRecord record, ServerLogin login, SSLContext tls, Path staged,
      LongConsumer progress) throws IOException;

  /** Replaces the tenant's data with the backup's, under the tenant's lock; any failure rolls back. */
  void restore(BackupService service, TenantId id, Backup backup);

  /**
   * Reconcile's part: a restore's intent survived a crash; puts the data aside back if there is any.
   *
   * @return what was done, for the reconcile report
   */
  String recover(TenantOperations ops, TenantRecord record);
}
