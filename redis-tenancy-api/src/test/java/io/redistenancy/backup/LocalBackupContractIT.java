package io.redistenancy.backup;

import io.redistenancy.Backends;
import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;

/** The backup contract on the local backend. */
class LocalBackupContractIT extends BackupContract {
  @Override
  protected BackendFactory backend() {
    return Backends.local();
  }
}
