package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scratch redis-server whose JVM died is killed and deleted; one of a live JVM is left alone. */
class ScratchLeftoversIT {
  private static final String REDIS_SERVER = System.getProperty("redistenancy.redis-server", "redis-server");

  @TempDir
  Path tmp;

  @Test
  void theNextSweepKillsAndDeletesOnlyServersOfDeadJvms() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Path orphanDir = Files.createDirectory(tmp.resolve(ScratchLeftovers.PREFIX + gone.pid() + "-1"));
    Path liveDir = Files.createDirectory(tmp.resolve(ScratchLeftovers.ownPrefix() + "2"));
    Process orphan = scratch(orphanDir);
    Process live = scratch(liveDir);
    try {
      ScratchLeftovers.sweep(tmp);

      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the dead JVM's server is killed").isTrue();
      assertThat(orphanDir).doesNotExist();
      assertThat(live.isAlive()).as("this JVM's server runs on").isTrue();
      assertThat(liveDir).exists();
    } finally {
      orphan.destroyForcibly();
      live.destroyForcibly();
    }
  }

  private static Process scratch(Path dir) throws Exception {
    Process p = new ProcessBuilder(REDIS_SERVER, "--port", "0", "--unixsocket", dir.resolve("s.sock").toString(),
        "--dir", dir.toString(), "--save", "", "--pidfile", dir.resolve("redis.pid").toString(),
        "--logfile", dir.resolve("redis.log").toString()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(dir.resolve("redis.pid")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(dir.resolve("redis.pid")).as("redis-server writes its pid file").exists();
    return p;
  }
}
