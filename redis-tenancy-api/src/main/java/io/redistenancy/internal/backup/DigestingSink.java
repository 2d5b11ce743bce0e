package io.redistenancy.internal.backup;

import io.redistenancy.internal.DaemonThreads;
import java.io.IOException;
import io.redistenancy.internal.DaemonThreads;
import java.io.InterruptedIOException;
import io.redistenancy.internal.DaemonThreads;
import java.nio.ByteBuffer;
import io.redistenancy.internal.DaemonThreads;
import java.nio.channels.FileChannel;
import io.redistenancy.internal.DaemonThreads;
import java.util.Arrays;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ArrayBlockingQueue;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.BlockingQueue;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ExecutionException;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.FutureTask;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.TimeUnit;
import io.redistenancy.internal.DaemonThreads;
import java.util.function.LongConsumer;

/**
 * Where a received snapshot's bytes go: into the file at once, and through an {@link RdbDigest} on a
 * second thread, so that hashing (SHA-256 and CRC-64 cost about as much as receiving) overlaps the
 * transfer instead of slowing it. At most {@link #QUEUED} chunks wait for the digest: memory stays
 * bounded when it falls behind. Closing stops the digest thread if the transfer failed.
 */
final class DigestingSink implements AutoCloseable {
  private static final int QUEUED = 32;
  private static final long PROGRESS_EVERY = 8L << 20;
  private static final byte[] END = new byte[0];

  private final FileChannel file;
  private final LongConsumer progress;
  private final RdbDigest digest = new RdbDigest();
  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED);
  private final FutureTask<RdbDigest> hashing = new FutureTask<>(this::hashAll);
  private long written;
  private long nextProgress = PROGRESS_EVERY;

  DigestingSink(FileChannel file, LongConsumer progress) {
    this.file = file;
    this.progress = progress;
    DaemonThreads.named("snapshot-digest").newThread(hashing).start();
  }

  private RdbDigest hashAll() throws InterruptedException {
    for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
      digest.update(chunk, 0, chunk.length);
    }
    return digest;
  }

  /** Bytes written so far. */
  long written() {
    return written;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len <= 0) {
      return;
    }
    enqueue(Arrays.copyOfRange(b, off, off + len));
    ByteBuffer out = ByteBuffer.wrap(b, off, len);
    while (out.hasRemaining()) {
      file.write(out);
    }
    written += len;
    if (written >= nextProgress) {
      nextProgress = written + PROGRESS_EVERY;
      progress.accept(written);
    }
  }

  /** Waits until everything written is digested; returns the digest. */
  RdbDigest finish() throws IOException {
    enqueue(END);
    return result();
  }

  private RdbDigest result() throws IOException {
    try {
      return hashing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the snapshot's digest was computed");
    } catch (ExecutionException e) {
      throw new IOException("computing the snapshot's digest failed: " + e.getCause(), e.getCause());
    }
  }

  private void enqueue(byte[] chunk) throws IOException {
    try {
      while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (hashing.isDone()) {
          result(); // throws the digest thread's failure
          throw new IOException("the snapshot's digest stopped early");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while receiving the snapshot");
    }
  }

  @Override
  public void close() {
    hashing.cancel(true);
  }
}
