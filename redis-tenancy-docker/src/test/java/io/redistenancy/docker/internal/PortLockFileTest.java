package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.ProvisioningFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port lock's directory and file checks, on the real file system. */
class PortLockFileTest {
  @TempDir
  Path temp;

  private int uid() {
    return HostFiles.uidOf(temp);
  }

  @Test
  void aMissingDirectoryIsMadePrivateAndTheLockIsTaken() throws IOException {
    Path dir = temp.resolve("locks");
    PortLockFile lock = new PortLockFile(dir, uid(), Duration.ofSeconds(5));
    try (PortLockFile.Held held = lock.lock()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock.file()))).isEqualTo("rw-------");
    }
    try (PortLockFile.Held again = lock.lock()) {
      assertThat(lock.file()).isRegularFile();
    }
  }

  @Test
  void aLinkInPlaceOfTheLockFileIsNotFollowed() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("locks"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path target = temp.resolve("elsewhere");
    Files.createSymbolicLink(dir.resolve(PortLockFile.NAME), target);

    assertThatThrownBy(() -> new PortLockFile(dir, uid(), Duration.ofSeconds(5)).lock())
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageContaining("never a link");
    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aDirectoryOthersMayEnterOrALinkIsRefused() throws IOException {
    Path open = Files.createDirectory(temp.resolve("open"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> new PortLockFile(open, uid(), Duration.ofSeconds(5)).lock())
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageContaining("is mode rwxrwxrwx, not rwx------");
    assertThat(open.resolve(PortLockFile.NAME)).doesNotExist();

    Path link = Files.createSymbolicLink(temp.resolve("link"), open);
    assertThatThrownBy(() -> new PortLockFile(link, uid(), Duration.ofSeconds(5)).lock())
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageContaining("is not a directory");

    Path foreign = Files.createDirectory(temp.resolve("foreign"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    assertThatThrownBy(() -> new PortLockFile(foreign, uid() + 1, Duration.ofSeconds(5)).lock())
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageContaining("is owned by uid " + uid() + ", not by this process's uid " + (uid() + 1));
  }

  @Test
  void theDefaultDirectoryIsNeverTheTempDirectory() {
    assertThat(PortLockFile.defaultDirectory(0)).isEqualTo(Path.of("/run/redis-tenancy"));
    assertThat(PortLockFile.defaultDirectory(1000)).isEqualTo(Path.of(System.getProperty("user.home"), ".redis-tenancy"));
  }
}
