package io.redistenancy.docker.internal;

import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.Checked;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file whose OS lock serializes port picks across JVMs. It lives in a directory only its user can
 * enter (0700, owned by the JVM's uid, not a link, checked on every lock): in a world-writable
 * directory any local user could hold the lock forever or plant a link that makes root create a
 * file elsewhere. It is opened without following links, and waited for only so long.
 *
 * <p>The wait is bounded by progress, not by its own length: every holder counts its turn in the
 * file, and a waiter gives up only when one holder kept the lock for the whole timeout. Many
 * processes creating at once on a loaded machine make a waiter wait through many turns, which is
 * no reason to fail.
 *
 * <p>Root uses {@code /run/redis-tenancy}, so every home root runs on the machine shares it; another
 * user uses {@code ~/.redis-tenancy}, shared by that user's homes. Homes of different users do not
 * share a lock; the engine's own refusal of a taken port, retried with another, keeps them apart.
 */
final class PortLockFile {
  static final String NAME = "docker-ports.lock";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<PosixFilePermission> OTHERS = EnumSet.complementOf(EnumSet.copyOf(PrivateFiles.DIR_0700));
  private static final long POLL_MILLIS = 20;

  private final Path directory;
  private final int uid;
  private final Duration timeout;

  /**
   * @param directory the private directory (made 0700 if missing)
   * @param uid the uid that must own it: this JVM's
   */
  PortLockFile(Path directory, int uid, Duration timeout) {
    this.directory = directory;
    this.uid = uid;
    this.timeout = timeout;
  }

  /** The default directory for a JVM running as {@code uid}. */
  static Path defaultDirectory(int uid) {
    return uid == 0 ? Path.of("/run/redis-tenancy") : Path.of(System.getProperty("user.home"), ".redis-tenancy");
  }

  Duration timeout() {
    return timeout;
  }

  Path file() {
    return directory.resolve(NAME);
  }

  /**
   * Takes the lock, waiting while it changes hands and at most the timeout for any one holder.
   *
   * @throws ProvisioningFailedException if the directory is not private, the file is a link, or the
   *     lock stayed with one holder for the whole timeout
   */
  Held lock() {
    checkDirectory();
    FileChannel channel;
    try {
      channel = FileChannel.open(file(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
    } catch (IOException e) {
      throw new ProvisioningFailedException("cannot open the Docker port lock " + file() + " (" + e
          + "); it must be a regular file, never a link: remove it", e);
    }
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      long turns = turns(channel);
      while (true) {
        if (channel.tryLock() != null) {
          countTurn(channel);
          return new Held(channel);
        }
        long now = turns(channel);
        if (now != turns) {
          turns = now; // another holder had its turn: the lock is moving, not stuck
          deadline = System.nanoTime() + timeout.toNanos();
        } else if (System.nanoTime() - deadline > 0) {
          throw new ProvisioningFailedException("the Docker port lock " + file() + " has been held by another process "
              + "for more than " + timeout.toSeconds() + "s without changing hands; find the holder with 'fuser -v "
              + file() + "' (another redis-tenancy picking a port holds it for a moment only)");
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException e) {
      close(channel);
      throw Checked.failure("lock " + file(), e);
    } catch (InterruptedException e) {
      close(channel);
      throw Checked.interrupted("waiting for the Docker port lock " + file(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  /** How many turns holders have had: a counter in the file's first 8 bytes (0 while it is shorter). */
  private static long turns(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // a holder writes the 8 bytes in one call; a short read only means the file is new
    }
    return buffer.hasRemaining() ? 0 : buffer.flip().getLong();
  }

  private static void countTurn(FileChannel channel) throws IOException {
    ByteBuffer next = ByteBuffer.allocate(Long.BYTES).putLong(0, turns(channel) + 1);
    while (next.hasRemaining()) {
      channel.write(next, next.position());
    }
  }

  /** Makes the directory if missing, then checks it is a real directory of {@link #uid} that no one else may enter. */
  private void checkDirectory() {
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PrivateFiles.DIR_0700));
    } catch (FileAlreadyExistsException e) {
      // checked below, whoever made it
    } catch (IOException e) {
      throw new ProvisioningFailedException("cannot create the Docker port lock directory " + directory + ": " + e, e);
    }
    PosixFileAttributes attributes;
    int owner;
    try {
      attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      owner = HostFiles.uidOf(directory);
    } catch (IOException e) {
      throw new ProvisioningFailedException("cannot read the Docker port lock directory " + directory + ": " + e, e);
    }
    String problem = !attributes.isDirectory() ? "is not a directory (a link, or a file)"
        : owner != uid ? "is owned by uid " + owner + ", not by this process's uid " + uid
        : attributes.permissions().stream().anyMatch(OTHERS::contains)
            ? "is mode " + PosixFilePermissions.toString(attributes.permissions()) + ", not rwx------"
        : null;
    if (problem != null) {
      throw new ProvisioningFailedException("the Docker port lock directory " + directory + " " + problem
          + "; it must be a directory owned by uid " + uid + " with mode 0700: remove it and it is made again");
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // releases nothing more
    }
  }

  /** The held lock: the open channel, whose closing releases it (an fcntl lock lives with its file descriptor). */
  record Held(FileChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      PortLockFile.close(channel);
    }
  }
}
