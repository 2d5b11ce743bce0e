package io.redistenancy.internal.backup;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bounds a snapshot being received by the free space of the file system it goes to: a snapshot of
 * announced length is refused up front if it would not fit, one of unknown length (a diskless
 * {@code $EOF:} stream) is stopped once the free space falls to {@link #RESERVE}. Either way the error
 * says how much was needed and free, instead of a full disk (which would also stop the home's own
 * state files from being written when they share it).
 */
final class StoreSpace {
  /** Left free on the store's file system, for the files written next to it (state, journal, logs). */
  static final long RESERVE = 8L * 1024 * 1024;
  /** How often, in bytes received, the free space is looked at again. */
  private static final long CHECK_EVERY = 1024 * 1024;

  private final Path target;
  private final FileStore store;
  private long nextCheck;

  StoreSpace(Path target) throws IOException {
    this.target = target;
    this.store = Files.getFileStore(target);
  }

  /** Refuses a snapshot of {@code length} bytes that would leave less than {@link #RESERVE} free. */
  void requireRoomFor(long length) throws IOException {
    long usable = store.getUsableSpace();
    if (length > usable - RESERVE) {
      throw full("the snapshot is " + length + " bytes, but", usable);
    }
  }

  /** Stops a transfer of unknown length once no more than {@link #RESERVE} is free; cheap between checks. */
  void check(long written) throws IOException {
    if (written < nextCheck) {
      return;
    }
    nextCheck = written + CHECK_EVERY;
    long usable = store.getUsableSpace();
    if (usable <= RESERVE) {
      throw full("after " + written + " bytes of the snapshot", usable);
    }
  }

  private IOException full(String what, long usable) {
    return new IOException("not enough space for the snapshot: " + what + " the file system of " + target.getParent()
        + " has only " + usable + " bytes free and " + RESERVE + " are kept in reserve. Free space there, or give"
        + " the tenancy a backup store with more room (RedisTenancy.builder().backupStore(...))");
  }
}
