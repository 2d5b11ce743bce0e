package io.redistenancy.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * An exclusive OS lock on a file (created 0600), against other processes and other holders in this
 * JVM alike. The OS releases it when the process dies, so a crash never leaves it held.
 */
public final class ExclusiveFileLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ExclusiveFileLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty if someone holds it already. */
  public static Optional<ExclusiveFileLock> tryAcquire(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new ExclusiveFileLock(channel, lock));
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // same answer as a lock held by another process
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    channel.close();
    return Optional.empty();
  }

  /** The locked file's channel, e.g. to record the holder's pid in it. */
  public FileChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
