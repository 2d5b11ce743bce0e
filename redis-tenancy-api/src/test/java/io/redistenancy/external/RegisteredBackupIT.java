package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RegisteredServers;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.FaultyBackends;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and restores of a registered server, a real redis-server the test starts: binary keys, TTLs,
 * several types and databases come back byte for byte; a restore the server fails half-way (out of
 * memory, for real) is rolled back; a server that refuses SYNC is named as such.
 */
class RegisteredBackupIT {
  @TempDir
  Path root;
  private TestRedis server;
  private RedisTenancy tenancy;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
  }

  @AfterEach
  void stop() throws Exception {
    if (tenancy != null) {
      tenancy.close();
    }
    server.close();
  }

  private Tenant acme(String adminUser, String adminPassword) throws Exception {
    RegisteredServers registered = Backends.registeredServers()
        .register("acme", "127.0.0.1", server.port(), adminUser, adminPassword).timeout(Duration.ofSeconds(5));
    tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-")).backend(registered)
        .listener(listener).build();
    return tenancy.create("acme").apply();
  }

  @Test
  void restoreBringsBackEveryKeyByteForByte() throws Exception {
    Tenant acme = acme(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
    try (RespConnection admin = server.admin()) {
      admin.call("SET", "plain", "v");
      admin.call("EVAL", "redis.call('SET', KEYS[1], ARGV[1])", "1", "bin\u00e9\u0000key", "x");
      admin.call("SET", "ttl", "t", "EX", "3600");
      admin.call("HSET", "h", "a", "1", "b", "2");
      admin.call("ZADD", "z", "1", "one", "2", "two");
      admin.call("XADD", "s", "*", "f", "v");
      for (int i = 0; i < 1200; i++) { // more than two MIGRATE batches
        admin.call("SET", "k" + i, "value" + i);
      }
      admin.call("SELECT", "5");
      admin.call("SET", "db5", "five");
    }
    Map<String, String> before = dump();
    Backup backup = acme.backups().create();
    assertThat(backup.keys()).isEqualTo(1207);
    assertThat(acme.backups().verify(backup).valid()).isTrue();

    try (RespConnection admin = server.admin()) {
      admin.call("DEL", "plain", "k7");
      admin.call("SET", "k8", "changed");
      admin.call("SET", "added", "after");
      admin.call("SELECT", "5");
      admin.call("FLUSHDB");
    }
    assertThat(dump()).isNotEqualTo(before);

    acme.backups().restore(backup);
    Map<String, String> after = dump();
    assertThat(after).isEqualTo(before);
    try (RespConnection admin = server.admin()) {
      assertThat((Long) admin.call("TTL", "ttl")).as("TTLs travel with the keys").isBetween(3000L, 3600L);
    }
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("plain")).as("the tenant's user is on again").isEqualTo("v");
    }
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_DONE, TenancyEvent.Type.RESTORED);
    assertThat(asideFiles()).as("the data kept aside is gone").isEmpty();
  }

  /** A real fault: the server runs out of memory half-way through the copy (maxmemory, noeviction). */
  @Test
  void aRestoreTheServerFailsIsRolledBack() throws Exception {
    Tenant acme = acme(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
    String big = "x".repeat(4096);
    try (RespConnection admin = server.admin()) {
      for (int i = 0; i < 2000; i++) {
        admin.call("SET", "big" + i, big);
      }
    }
    Backup backup = acme.backups().create();
    try (RespConnection admin = server.admin()) {
      admin.call("FLUSHALL");
      for (int i = 0; i < 50; i++) {
        admin.call("SET", "current" + i, "c" + i);
      }
      long used = Long.parseLong(info(admin, "used_memory"));
      admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
      admin.call("CONFIG", "SET", "maxmemory", Long.toString(used + 2 * 1024 * 1024)); // about a quarter of the backup
    }
    Map<String, String> current = dump();

    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageContaining("OOM")
        .hasMessageContaining("Rolled back: tenant 'acme' has its previous data again.");
    assertThat(dump()).isEqualTo(current);
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("current7")).as("the tenant's user is on again").isEqualTo("c7");
    }
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_FAILED);
    assertThat(asideFiles()).isEmpty();
  }

  /**
   * A kill of the JVM right after the copy (the server holds the backup's keys, its previous data is
   * aside): a JVM cannot be killed mid-method in-process, so {@link FaultyBackends.Killed}, an Error no
   * rollback catches, stands for it; the next tenancy's reconcile copies the data aside back for real.
   */
  @Test
  void aRestoreKilledAfterTheCopyIsRolledBackByReconcile() throws Exception {
    Path home = Files.createTempDirectory(root, "home-");
    tenancy = RedisTenancy.builder().home(home).backend(killedAfterCopy(registered())).listener(listener).build();
    Tenant acme = tenancy.create("acme").apply();
    server.adminCall("SET", "old", "backed-up");
    Backup backup = acme.backups().create();
    server.adminCall("FLUSHALL");
    server.adminCall("SET", "current", "kept");
    Map<String, String> current = dump();

    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(FaultyBackends.Killed.class);
    assertThat(server.adminCall("GET", "old")).as("killed after the copy").isEqualTo("backed-up");
    assertThat(asideFiles()).hasSize(1);
    tenancy.close();

    tenancy = RedisTenancy.builder().home(home).backend(registered()).listener(listener).build();
    assertThat(dump()).isEqualTo(current);
    try (var conn = tenancy.tenant("acme").orElseThrow().connect()) {
      assertThat(conn.sync().get("current")).as("the tenant's user is on again").isEqualTo("kept");
    }
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_FAILED);
    assertThat(asideFiles()).isEmpty();
  }

  private RegisteredServers registered() {
    return Backends.registeredServers().register("acme", "127.0.0.1", server.port(), TestRedis.ADMIN,
        TestRedis.ADMIN_PASSWORD);
  }

  /**
   * The registered backend, whose restores stop dead right after copying: when the restore switches the
   * tenant on again (the first start after a stop), before the backend does anything.
   */
  private static BackendFactory killedAfterCopy(RegisteredServers real) {
    return context -> {
      Backend backend = real.create(context);
      AtomicBoolean stopped = new AtomicBoolean();
      InvocationHandler handler = (proxy, method, args) -> {
        if (method.getName().equals("stop")) {
          stopped.set(true);
        } else if (method.getName().equals("start") && stopped.get()) {
          throw new FaultyBackends.Killed();
        }
        try {
          return method.invoke(backend, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      };
      return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
    };
  }

  @Test
  void aServerThatRefusesSyncIsNamedWithWhatToDo() throws Exception {
    server.adminCall("ACL", "SETUSER", "nosync", "on", ">nosync-secret", "~*", "&*", "+@all", "-sync", "-psync");
    Tenant acme = acme("nosync", "nosync-secret");
    server.adminCall("SET", "k", "v");

    assertThatThrownBy(() -> acme.backups().create()).isInstanceOf(BackupException.class)
        .hasMessageContaining("refuses to send a snapshot over the replication protocol to user 'nosync'")
        .hasMessageContaining("+sync +psync")
        .hasMessageNotContaining("nosync-secret");
    assertThat(acme.backups().list()).isEmpty();
  }

  /** Every key of every database with its DUMP payload (type, encoding and value) and whether it has a TTL. */
  private Map<String, String> dump() throws Exception {
    Map<String, String> all = new TreeMap<>();
    try (RespConnection admin = server.admin()) {
      for (int db = 0; db < 16; db++) {
        admin.call("SELECT", Integer.toString(db));
        for (Object key : (List<?>) admin.call("KEYS", "*")) {
          String k = key.toString();
          all.put(db + "/" + k, admin.callString("DUMP", k) + " ttl=" + ((Long) admin.call("TTL", k) > 0));
        }
      }
    }
    return all;
  }

  private static String info(RespConnection admin, String field) throws Exception {
    return admin.callString("INFO", "memory").lines().filter(l -> l.startsWith(field + ":")).findFirst()
        .orElseThrow().substring(field.length() + 1).trim();
  }

  private List<Path> asideFiles() throws Exception {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().contains("restore-aside") && Files.isRegularFile(p)).forEach(found::add);
    }
    return found;
  }
}
