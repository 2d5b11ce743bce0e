package io.redistenancy.internal.engine;

import io.redistenancy.TenancyException;
import io.redistenancy.internal.ExclusiveFileLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lock on a home, held while a tenancy is open: two tenancies (in one process or two) never write
 * the same state. It records the holder's pid, for the message the next one gets.
 */
final class HomeLock {
  private HomeLock() {}

  static ExclusiveFileLock acquire(Path home) {
    Path file = home.resolve(".lock");
    try {
      ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(file).orElseThrow(() -> inUse(home, file));
      lock.channel().truncate(0);
      lock.channel().write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
          .getBytes(StandardCharsets.US_ASCII)), 0);
      return lock;
    } catch (IOException e) {
      throw new TenancyException("Cannot lock home " + home + ": " + e.getMessage(), e);
    }
  }

  private static TenancyException inUse(Path home, Path file) {
    String holder;
    try {
      holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      holder = "";
    }
    return new TenancyException("Home " + home + " is in use by another RedisTenancy"
        + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ". Close that one first, or use another home.");
  }
}
