package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scratch redis-server whose JVM died is killed and deleted; one of a live JVM is left alone, and a
 * pid is killed only while it names the very process that was recorded (pid, start time, user).
 */
class ScratchLeftoversIT {
  private static final String REDIS_SERVER = System.getProperty("redistenancy.redis-server", "redis-server");

  @TempDir
  Path tmp;
  private Path scratch;
  private long noSuchJvm;

  @BeforeEach
  void privateRoot() throws Exception {
    scratch = ScratchLeftovers.privateRoot(tmp.resolve("scratch"));
    noSuchJvm = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim()); // never a pid
  }

  @Test
  void theSweepKillsAndDeletesOnlyServersOfDeadJvms() throws Exception {
    Path orphanDir = Files.createDirectory(scratch.resolve("orphan"));
    Path liveDir = Files.createDirectory(scratch.resolve("live"));
    Process orphan = scratch(orphanDir);
    Process live = scratch(liveDir);
    try {
      ScratchLeftovers.recordOwner(liveDir, Optional.of(live.toHandle()));
      ScratchLeftovers.Identity server = ScratchLeftovers.Identity.of(orphan.toHandle());
      Files.writeString(orphanDir.resolve("owner"), "jvm=" + noSuchJvm + "\njvmStart=1\nserver=" + server.pid()
          + "\nserverStart=" + server.startMillis() + "\n");

      ScratchLeftovers.sweep(scratch);

      assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).as("the dead JVM's server is killed").isTrue();
      assertThat(orphanDir).doesNotExist();
      assertThat(live.isAlive()).as("this JVM's server runs on").isTrue();
      assertThat(liveDir).exists();
    } finally {
      orphan.destroyForcibly();
      live.destroyForcibly();
    }
  }

  @Test
  void aPidWhoseStartTimeDoesNotMatchIsNotKilled() throws Exception {
    Path unrelatedDir = Files.createDirectory(tmp.resolve("unrelated"));
    Process unrelated = scratch(unrelatedDir);
    try {
      Path planted = Files.createDirectory(scratch.resolve("planted"));
      Files.writeString(planted.resolve("owner"), "jvm=" + noSuchJvm + "\njvmStart=1\nserver=" + unrelated.pid()
          + "\nserverStart=" + (ScratchLeftovers.Identity.of(unrelated.toHandle()).startMillis() - 1000) + "\n");
      Files.writeString(planted.resolve("redis.pid"), unrelated.pid() + "\n");

      ScratchLeftovers.sweep(scratch);

      assertThat(planted).as("the leftover goes").doesNotExist();
      assertThat(unrelated.isAlive()).as("a redis-server started at another time is not the recorded one").isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void deletingATreeNeverFollowsALink() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "keep");
    Path leftover = Files.createDirectories(scratch.resolve("leftover/data"));
    Files.createSymbolicLink(leftover.resolve("link"), outside);
    Files.createSymbolicLink(scratch.resolve("leftover/swapped"), outside); // a directory swapped for a link
    Files.createSymbolicLink(scratch.resolve("top"), outside);

    ScratchLeftovers.sweep(scratch);

    assertThat(scratch.resolve("leftover")).doesNotExist();
    assertThat(Files.exists(scratch.resolve("top"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("precious")).hasContent("keep");
  }

  @Test
  void aRootThatIsALinkOrOpenToOthersIsRefused() throws Exception {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
    assertThatThrownBy(() -> ScratchLeftovers.privateRoot(link)).isInstanceOf(BackupException.class)
        .hasMessageContaining("a link");
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> ScratchLeftovers.privateRoot(open)).isInstanceOf(BackupException.class)
        .hasMessageContaining("mode 0700").hasMessageContaining("rwxrwxrwx");
  }

  private static Process scratch(Path dir) throws Exception {
    Process p = new ProcessBuilder(REDIS_SERVER, "--port", "0", "--unixsocket", dir.resolve("s.sock").toString(),
        "--dir", dir.toString(), "--save", "", "--logfile", dir.resolve("redis.log").toString()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(dir.resolve("s.sock")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(dir.resolve("s.sock")).as("redis-server listens").exists();
    return p;
  }
}
