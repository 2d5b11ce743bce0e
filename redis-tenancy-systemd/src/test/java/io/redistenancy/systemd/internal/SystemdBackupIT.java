package io.redistenancy.systemd.internal;

import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;

/** Backup, restore (data moved and written by commands on the systemd machine) and clone on a real systemd. */
class SystemdBackupIT extends BackupContract {
  @Override
  protected BackendFactory backend() {
    return SystemdLab.settings();
  }
}
