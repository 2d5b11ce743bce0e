package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another local user (or a swapped link) may leave where scratch servers live must not steer a
 * backup: a planted pid file does not get an unrelated redis-server killed, and a link where a
 * directory was does not get its target deleted. Real backups on a shared server (they run a scratch
 * server), with a real unrelated redis-server as the would-be victim.
 */
class ScratchPlantingIT {
  private static final String REDIS_SERVER = System.getProperty("redistenancy.redis-server", "redis-server");

  @TempDir
  Path root;
  private TestRedis server;
  private Path home;
  private RedisTenancy tenancy;
  private Process unrelated;
  private Path plantedInTmp;

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
    home = Files.createTempDirectory(root, "home-");
    tenancy = RedisTenancy.builder().home(home)
        .backend(Backends.sharedServers().server("127.0.0.1", server.port()).admin(TestRedis.ADMIN,
            TestRedis.ADMIN_PASSWORD))
        .build();
    Path victimDir = Files.createDirectory(root.resolve("unrelated"));
    unrelated = new ProcessBuilder(REDIS_SERVER, "--port", "0", "--unixsocket", victimDir.resolve("s.sock").toString(),
        "--dir", victimDir.toString(), "--save", "").redirectErrorStream(true)
        .redirectOutput(victimDir.resolve("out.log").toFile()).start();
    awaitFile(victimDir.resolve("s.sock"));
  }

  @AfterEach
  void stop() throws Exception {
    tenancy.close();
    server.close();
    unrelated.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    if (plantedInTmp != null) {
      Files.deleteIfExists(plantedInTmp.resolve("redis.pid"));
      Files.deleteIfExists(plantedInTmp);
    }
  }

  @Test
  void plantedPidFilesAndLinksNeitherKillNorDeleteAnythingElse() throws Exception {
    long noSuchJvm = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim()); // never a pid
    // where scratch servers used to live: any local user could create this in java.io.tmpdir
    plantedInTmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))
        .resolve("rt-scratch-" + noSuchJvm + "-planted" + ProcessHandle.current().pid()));
    Files.writeString(plantedInTmp.resolve("redis.pid"), unrelated.pid() + "\n");
    // and in the private directory itself, as if planted there: the unrelated pid with a wrong start time
    Path scratchRoot = Files.createDirectories(home.resolve("instances/scratch"));
    Files.setPosixFilePermissions(scratchRoot, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path leftover = Files.createDirectory(scratchRoot.resolve("planted"));
    Files.writeString(leftover.resolve("owner"), "jvm=" + noSuchJvm + "\njvmStart=1\nserver=" + unrelated.pid()
        + "\nserverStart=1\n");
    Path keep = Files.createDirectory(root.resolve("keep"));
    Files.writeString(keep.resolve("precious"), "not the library's");
    Files.createSymbolicLink(leftover.resolve("data"), keep); // a link where a directory was
    Files.createSymbolicLink(scratchRoot.resolve("linked"), keep);

    Tenant acme = tenancy.create("acme").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("acme:k", "v");
    }
    Backup backup = acme.backups().create(); // a shared tenant's backup runs a scratch server
    acme.backups().restore(backup); // and so does its restore

    assertThat(backup.keys()).isEqualTo(1);
    assertThat(unrelated.isAlive()).as("the redis-server named by planted pid files runs on").isTrue();
    assertThat(keep.resolve("precious")).as("a link's target is not deleted").hasContent("not the library's");
    assertThat(leftover).as("the planted leftover itself is swept").doesNotExist();
    assertThat(Files.exists(scratchRoot.resolve("linked"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .as("the planted link itself is removed").isFalse();
    try (var list = Files.list(scratchRoot)) {
      assertThat(list).as("the scratch servers' own directories are gone after use").isEmpty();
    }
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(file).as("the unrelated redis-server listens").exists();
  }
}
