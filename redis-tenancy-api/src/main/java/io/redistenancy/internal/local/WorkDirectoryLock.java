package io.redistenancy.internal.local;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An exclusive lock on the backend's work directory for the backend's lifetime: two backends on one
 * home would both supervise, restart and hand out ports for the same tenants. The OS releases it when
 * the JVM dies, so a crashed JVM never blocks the next one.
 */
final class WorkDirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static WorkDirectoryLock acquire(Path workDirectory) {
    Path file = workDirectory.resolve("backend.lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(workDirectory, null);
      }
      return new WorkDirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(workDirectory, e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new BackendUnavailableException("Cannot lock the local backend's directory " + workDirectory
          + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static BackendUnavailableException inUse(Path workDirectory, Throwable cause) {
    String message = "Another open tenancy already uses " + workDirectory
        + " (its local backend holds backend.lock). Close it first, or use another home.";
    return cause == null ? new BackendUnavailableException(message) : new BackendUnavailableException(message, cause);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    }
    closeQuietly(channel);
  }
}
