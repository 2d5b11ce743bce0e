package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a JVM directory counts as left behind, and is swept. */
class HomesTest {
  @TempDir Path parent;

  @Test
  void ownDirectoryIsNotStale() {
    Path dir = Homes.createForThisJvm(parent);
    assertThat(dir.getFileName().toString()).startsWith("rtk-" + ProcessHandle.current().pid() + "-");
    assertThat(dir.resolve("owner")).exists();
    assertThat(dir.resolve("owner.tmp")).doesNotExist();
    assertThat(Homes.isStale(dir)).isFalse();
  }

  @Test
  void aLiveJvmStartedAtAnotherTimeIsNotTheOwner() throws Exception {
    Path dir = Files.createDirectory(parent.resolve("rtk-" + ProcessHandle.current().pid() + "-reused"));
    Files.writeString(dir.resolve("owner"), ProcessHandle.current().pid() + " 12345");
    assertThat(Homes.isStale(dir)).as("the pid was reused by this JVM").isTrue();
  }

  @Test
  void anOwnerBeingWrittenIsStaleOnlyOnceOld() throws Exception {
    Path dir = Files.createDirectory(parent.resolve("rtk-999999999-young"));
    Files.writeString(dir.resolve("owner"), "");
    assertThat(Homes.isStale(dir)).as("another JVM may be writing it right now").isFalse();
    Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(120)));
    assertThat(Homes.isStale(dir)).isTrue();
  }

  @Test
  void sweepDeletesOnlyStaleDirectories() throws Exception {
    Path live = Homes.createForThisJvm(parent);
    Path dead = Files.createDirectory(parent.resolve("rtk-999999999-dead"));
    Files.writeString(dead.resolve("owner"), "999999999 1");
    Path other = Files.createDirectory(parent.resolve("not-ours"));
    assertThat(HomeSweeper.sweep(parent)).containsExactly(dead);
    assertThat(live).exists();
    assertThat(other).exists();
    assertThat(dead).doesNotExist();
  }
}
