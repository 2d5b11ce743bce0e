package io.redistenancy.internal.engine;

import io.redistenancy.TenancyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An exclusive lock on a home, held while a tenancy is open: two tenancies (in one process or two)
 * never write the same state. The OS releases it if the process dies, so a crash never leaves a home
 * locked.
 */
final class HomeLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static HomeLock acquire(Path home) {
    Path file = home.resolve(".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              io.redistenancy.internal.PrivateFiles.FILE_0600));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new TenancyException("Home " + home + " is in use by another RedisTenancy"
            + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ". Close that one first, or use another home.");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      return new HomeLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new TenancyException("Cannot lock home " + home + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
