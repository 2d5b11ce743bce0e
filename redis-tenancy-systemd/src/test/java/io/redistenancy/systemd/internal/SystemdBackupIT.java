package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.Backup;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Tenant;
import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backup, restore (data moved and written by commands on the systemd machine) and clone on a real systemd. */
class SystemdBackupIT extends BackupContract {
  private static final int KEYS = 2600;
  private static final int VALUE = 16 * 1024;

  @Override
  protected BackendFactory backend() {
    return SystemdLab.settings();
  }

  /** About 40 MiB: the snapshot crosses to the machine in two chunks (32 MiB each), not one. */
  @Test
  void aSnapshotLargerThanOneChunkIsInstalledWhole() throws Exception {
    Tenant big = tenancy.create("big").maxMemory(MemorySize.ofMegabytes(256)).persistence(Persistence.RDB).apply();
    Random random = new Random(11);
    try (var conn = big.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      StringBuilder value = new StringBuilder(VALUE);
      for (int i = 0; i < KEYS; i++) {
        value.setLength(0);
        random.ints(VALUE, 'a', 'z' + 1).forEach(c -> value.append((char) c));
        redis.set("key:" + i, value.toString());
      }
    }
    String before = digest(big);
    Backup backup = big.backups().create();
    assertThat(backup.size()).isGreaterThan(32L << 20);
    try (var conn = big.connect()) {
      conn.sync().flushall();
    }
    big.backups().restore(backup);
    assertThat(digest(big)).isEqualTo(before);
  }

  /** The SHA-256 of every value, in key order. */
  private static String digest(Tenant tenant) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (var conn = tenant.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      assertThat(redis.dbsize()).isEqualTo(KEYS);
      for (int i = 0; i < KEYS; i++) {
        sha.update(redis.get("key:" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
