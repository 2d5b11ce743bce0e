package io.redistenancy.backup;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.contract.TestFiles;
import java.nio.file.Path;

/** The end of a backup test: its tenants purged (their processes stopped), the tenancy closed, the home deleted. */
final class TenancyCleanup {
  private TenancyCleanup() {}

  static void purgeAndClose(RedisTenancy tenancy, Path home) {
    if (tenancy != null) {
      tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
      tenancy.close();
    }
    if (home != null) {
      TestFiles.deleteQuietly(home);
    }
  }
}
