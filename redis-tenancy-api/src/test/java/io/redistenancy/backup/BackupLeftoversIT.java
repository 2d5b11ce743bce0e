package io.redistenancy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a crash mid-backup leaves in the backup store (the staged RDB, the whole-server snapshot a
 * shared tenant's backup stages beside it, a metadata temp file) is removed when the tenancy opens
 * again, for tenants that exist and those that do not; completed backups are untouched. Real local
 * instances; the leftovers are created exactly as the crashed steps name them.
 */
class BackupLeftoversIT {
  private Path home;
  private RedisTenancy tenancy;

  @AfterEach
  void close() {
    TenancyCleanup.purgeAndClose(tenancy, home);
  }

  @Test
  void partialFilesOfACrashAreGoneAfterReopeningAndCompletedBackupsStay() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-left-");
    tenancy = RedisTenancy.builder().home(home).backend(Backends.local()).build();
    Tenant acme = tenancy.create("acme").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
    }
    Backup done = acme.backups().create();
    tenancy.close();
    tenancy = null;

    Path acmeDir = home.resolve("backups/acme");
    Path goneDir = Files.createDirectories(home.resolve("backups/gone"));
    List<Path> leftovers = List.of(
        acmeDir.resolve(".20261124T100000Z-abcd.rdb.partial"),
        acmeDir.resolve(".20261124T100000Z-abcd.rdb.partial.server"),
        acmeDir.resolve("." + done.id() + ".json.3f2a9c01d4e5b6a7.tmp"),
        goneDir.resolve(".20261124T100000Z-beef.rdb.partial.server"));
    for (Path leftover : leftovers) {
      Files.write(leftover, new byte[4096]);
    }

    tenancy = RedisTenancy.builder().home(home).backend(Backends.local()).build();

    for (Path leftover : leftovers) {
      assertThat(leftover).as("a crash's leftover is removed on open").doesNotExist();
    }
    Tenant reopened = tenancy.tenant("acme").orElseThrow();
    assertThat(reopened.backups().list()).containsExactly(done);
    assertThat(acmeDir.resolve(done.id() + ".rdb")).exists();
    assertThat(reopened.backups().verify(done).valid()).as("the completed backup is untouched").isTrue();
  }
}
