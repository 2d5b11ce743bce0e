package io.redistenancy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.redistenancy.Backends;
import io.redistenancy.BackupException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.spi.BackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is bounded by the free space of the backup store's file system: a real 16 MiB tmpfs (the
 * test mounts one, so it runs as root only) as the store, and a real tenant holding about 30 MiB that
 * does not compress. The backup fails with an error that says so, and leaves nothing in the store.
 */
class SnapshotSpaceIT {
  private Path home;
  private Path store;
  private boolean mounted;
  private RedisTenancy tenancy;

  @BeforeEach
  void mountSmallStore() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-space-");
    store = Files.createDirectory(home.resolve("small-store"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", store.toString())
        .redirectErrorStream(true).start();
    mounted = mount.waitFor(60, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeThat(mounted).as("a tmpfs can be mounted (needs root)").isTrue();
    tenancy = RedisTenancy.builder().home(home.resolve("home")).backend(Backends.local())
        .backupStore(BackupStore.directory(store)).build();
  }

  @AfterEach
  void unmount() throws Exception {
    TenancyCleanup.purgeAndClose(tenancy, null);
    if (mounted) {
      new ProcessBuilder("umount", store.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }
    TenancyCleanup.purgeAndClose(null, home);
  }

  @Test
  void aSnapshotLargerThanTheStoresFreeSpaceFailsClearlyAndLeavesNothing() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    SecureRandom random = new SecureRandom();
    try (var conn = acme.connect()) {
      for (int i = 0; i < 15; i++) {
        byte[] bytes = new byte[1 << 20];
        random.nextBytes(bytes);
        conn.sync().set("big" + i, HexFormat.of().formatHex(bytes)); // 2 MiB of hex each: LZF cannot halve it
      }
    }

    assertThatThrownBy(() -> acme.backups().create()).isInstanceOf(BackupException.class)
        .hasMessageContaining("not enough space for the snapshot").hasMessageContaining("bytes free")
        .hasMessageContaining("backupStore");
    assertThat(acme.backups().list()).isEmpty();
    try (Stream<Path> left = Files.walk(store)) {
      assertThat(left.filter(Files::isRegularFile)).as("nothing of the failed backup is left").isEmpty();
    }
  }
}
