package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.internal.resp.RespConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of tenants on a shared server (a real redis-server the test starts): a tenant's backup holds
 * its own keys only, and restoring it brings them back without touching another tenant's keys.
 */
class SharedBackupIT {
  @TempDir
  Path root;
  private TestRedis server;
  private RedisTenancy tenancy;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
    tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-"))
        .backend(Backends.sharedServers().server("127.0.0.1", server.port()).admin(TestRedis.ADMIN,
            TestRedis.ADMIN_PASSWORD))
        .listener(listener).build();
  }

  @AfterEach
  void stop() throws Exception {
    tenancy.close();
    server.close();
  }

  @Test
  void aBackupHoldsTheTenantsKeysOnlyAndRestoreLeavesTheOthersAlone() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    Tenant globex = tenancy.create("globex").apply();
    write(acme, 300, "a");
    write(globex, 50, "g");
    try (var conn = acme.connect()) {
      conn.sync().setex("acme:ttl", 3600, "t");
      conn.sync().hset("acme:h", Map.of("f", "v"));
    }
    Map<String, String> acmeBefore = dump("acme:");

    Backup backup = acme.backups().create();
    assertThat(backup.keys()).as("acme's keys, not globex's").isEqualTo(302);
    assertThat(dump("globex:")).as("a backup changes nothing on the server").hasSize(50);
    assertThat(acme.backups().verify(backup).valid()).isTrue();

    try (var conn = acme.connect()) {
      conn.sync().del("acme:k1", "acme:h");
      conn.sync().set("acme:k2", "changed");
      conn.sync().set("acme:new", "after");
    }
    write(globex, 60, "g2"); // globex changes after acme's backup: a restore of acme must keep these
    Map<String, String> globexNow = dump("globex:");

    acme.backups().restore(backup);
    assertThat(dump("acme:")).isEqualTo(acmeBefore);
    assertThat(dump("globex:")).isEqualTo(globexNow);
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("acme:k3")).as("acme's user is on again").isEqualTo("a3");
    }
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.RESTORED);
  }

  /** A real fault: the server runs out of memory half-way through the copy (maxmemory, noeviction). */
  @Test
  void aRestoreTheServerFailsIsRolledBackAndTheOthersKeepTheirKeys() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    Tenant globex = tenancy.create("globex").apply();
    try (var conn = acme.connect()) {
      String big = "x".repeat(4096);
      for (int i = 0; i < 2000; i++) {
        conn.sync().set("acme:big" + i, big);
      }
    }
    Backup backup = acme.backups().create();
    assertThat(dump("acme:")).as("a backup changes nothing on the server").hasSize(2000);
    try (var conn = acme.connect()) {
      for (int i = 0; i < 2000; i++) {
        conn.sync().del("acme:big" + i);
      }
    }
    write(acme, 50, "current");
    write(globex, 20, "g");
    Map<String, String> acmeNow = dump("acme:");
    Map<String, String> globexNow = dump("globex:");
    try (RespConnection admin = server.admin()) {
      long used = Long.parseLong(admin.callString("INFO", "memory").lines().filter(l -> l.startsWith("used_memory:"))
          .findFirst().orElseThrow().substring("used_memory:".length()).trim());
      admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
      admin.call("CONFIG", "SET", "maxmemory", Long.toString(used + 2 * 1024 * 1024)); // about a quarter of the backup
    }

    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageContaining("OOM")
        .hasMessageContaining("Rolled back: tenant 'acme' has its previous data again.");
    assertThat(dump("acme:")).isEqualTo(acmeNow);
    assertThat(dump("globex:")).isEqualTo(globexNow);
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("acme:k7")).as("acme's user is on again").isEqualTo("current7");
    }
  }

  @Test
  void anotherTenantsBackupIsRefusedBeforeAnythingChanges() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    write(acme, 10, "a");
    Backup backup = acme.backups().create();

    assertThatThrownBy(() -> acme.backups().restore(backup, "globex")).isInstanceOf(BackupException.class)
        .hasMessageContaining("10 keys that do not start with the tenant's prefix 'globex:'");
    assertThat(tenancy.tenant("globex")).as("the clone is removed again").isEmpty();
    assertThat(dump("acme:")).hasSize(10);
  }

  private static void write(Tenant tenant, int count, String tag) {
    try (var conn = tenant.connect()) {
      String prefix = tenant.connection().keyPrefix();
      for (int i = 0; i < count; i++) {
        conn.sync().set(prefix + "k" + i, tag + i);
      }
    }
  }

  /** Every key under {@code prefix} with its DUMP payload and whether it has a TTL. */
  private Map<String, String> dump(String prefix) throws Exception {
    Map<String, String> all = new TreeMap<>();
    try (RespConnection admin = server.admin()) {
      for (Object key : (List<?>) admin.call("KEYS", prefix + "*")) {
        String k = key.toString();
        all.put(k, admin.callString("DUMP", k) + " ttl=" + ((Long) admin.call("TTL", k) > 0));
      }
    }
    return all;
  }
}
