package io.redistenancy.internal.backup;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.resp.Transport;
import io.redistenancy.internal.DaemonThreads;
import java.io.EOFException;
import io.redistenancy.internal.DaemonThreads;
import java.io.IOException;
import io.redistenancy.internal.DaemonThreads;
import java.io.InputStream;
import io.redistenancy.internal.DaemonThreads;
import java.io.OutputStream;
import io.redistenancy.internal.DaemonThreads;
import java.net.SocketTimeoutException;
import io.redistenancy.internal.DaemonThreads;
import java.nio.ByteBuffer;
import io.redistenancy.internal.DaemonThreads;
import java.nio.channels.FileChannel;
import io.redistenancy.internal.DaemonThreads;
import java.nio.charset.StandardCharsets;
import io.redistenancy.internal.DaemonThreads;
import java.nio.file.Path;
import io.redistenancy.internal.DaemonThreads;
import java.nio.file.StandardOpenOption;
import io.redistenancy.internal.DaemonThreads;
import java.time.Duration;
import io.redistenancy.internal.DaemonThreads;
import java.util.Arrays;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.Executors;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ScheduledExecutorService;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ScheduledFuture;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.TimeUnit;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.atomic.AtomicLong;
import io.redistenancy.internal.DaemonThreads;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;

/**
 * Receives a snapshot of a running instance over the replication protocol, as {@code redis-cli --rdb}
 * does: {@code AUTH} as the library's admin user, {@code REPLCONF capa eof}, {@code REPLCONF rdb-only 1}
 * (Redis 7.0+; older servers ignore it), {@code SYNC}, then the RDB — a {@code $EOF:<mark>} stream
 * ending in the 40-byte mark (diskless) or a {@code $<length>} bulk (disk-based) — streamed to a file.
 *
 * <h2>Why replication and not BGSAVE plus a copy</h2>
 * The snapshot is the fork's point-in-time view, exactly as a BGSAVE's, but it arrives over the
 * kind of connection the engine already has (plaintext or TLS, {@link Transport}): no access to the instance's files is needed, so the same code
 * backs up a child process, a container, a systemd unit or a remote server. With diskless replication
 * (Redis 7's default, used here with {@code repl-diskless-sync-delay 0}) nothing is written on the
 * instance's side at all: the instance's own {@code dump.rdb}, LASTSAVE and save-point bookkeeping stay
 * untouched (a BGSAVE would reset the save points' change counter and, for a tenant without
 * persistence, leave a {@code dump.rdb} that the next start loads), and the bytes cross the disk once
 * instead of three times (write, read, write). The price: a replica slot for the transfer and Redis's
 * replication backlog (1 MiB by default) allocated on first use.
 *
 * <p>The bytes go through an {@link RdbDigest} as they are written ({@link DigestingSink}, on a second
 * thread): SHA-256, header and CRC-64 are known right after the last byte lands, without reading the
 * file again. The file is fsynced before {@link #receive} returns. Memory use is bounded (one buffer and
 * the chunks waiting for the digest), whatever the snapshot's size.
 */
public final class SnapshotReceiver {
  private static final int BUFFER = 1 << 20;
  private static final int MARK_LENGTH = 40;
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.named("snapshot-watchdog"));

  private final Transport transport;
  private final InputStream in;
  private final OutputStream out;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final Duration idleTimeout;
  private volatile boolean timedOut;

  private SnapshotReceiver(Transport transport, Duration idleTimeout) {
    this.transport = transport;
    this.in = transport.in();
    this.out = transport.out();
    this.idleTimeout = idleTimeout;
    buffer.flip();
  }

  /**
   * Streams a snapshot of the instance at {@code endpoint} into {@code target}.
   *
   * @param tls the admin TLS context for a TLS endpoint (null for a plaintext one)
   * @param idleTimeout the longest silence tolerated (Redis sends a newline a second while it forks)
   * @throws IOException if the connection fails, the server refuses, or it falls silent
   */
  public static Result receive(Endpoint endpoint, SSLContext tls, String adminUser, String adminPassword, Path target,
      LongConsumer progress, Duration idleTimeout) throws IOException {
    return receive(endpoint, tls, adminUser, adminPassword, target, progress, idleTimeout, true);
  }

  /**
   * As above; with {@code ownInstance} false (a server someone else runs) the server's
   * {@code repl-diskless-sync-delay} is left as it is, so a diskless transfer may wait for it (5 s by default).
   */
  public static Result receive(Endpoint endpoint, SSLContext tls, String adminUser, String adminPassword, Path target,
      LongConsumer progress, Duration idleTimeout, boolean ownInstance) throws IOException {
    Transport transport = Transport.open(endpoint, idleTimeout, tls);
    SnapshotReceiver receiver = new SnapshotReceiver(transport, idleTimeout);
    long checkEvery = Math.max(1000, idleTimeout.toMillis() / 4);
    ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(receiver::closeIfIdle, checkEvery, checkEvery,
        TimeUnit.MILLISECONDS);
    try (transport) {
      RdbDigest digest = receiver.run(adminUser, adminPassword, target, progress, ownInstance);
      return new Result(digest);
    } catch (IOException e) {
      if (receiver.timedOut || e instanceof SocketTimeoutException) { // the watchdog, or a TCP read timeout
        throw new IOException("the instance sent nothing for " + idleTimeout.toSeconds() + " s; gave up", e);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  /** A received snapshot: its digest, to be completed into a check by {@link RdbVerifier}. */
  public static final class Result {
    private final RdbDigest digest;

    private Result(RdbDigest digest) {
      this.digest = digest;
    }

    RdbDigest digest() {
      return digest;
    }

    public long size() {
      return digest.size();
    }
  }

  private void closeIfIdle() {
    if (System.nanoTime() - lastActivity.get() > idleTimeout.toNanos()) {
      timedOut = true;
      try {
        transport.close();
      } catch (IOException ignored) {
        // closing to unblock the reader; its read fails next
      }
    }
  }

  private RdbDigest run(String user, String password, Path target, LongConsumer progress, boolean ownInstance)
      throws IOException {
    command("AUTH", user, password);
    expectOk("AUTH");
    // without this, a diskless transfer waits 5 s for other replicas to join
    if (ownInstance) {
      command("CONFIG", "SET", "repl-diskless-sync-delay", "0");
      expectOk("CONFIG SET repl-diskless-sync-delay");
    }
    command("REPLCONF", "capa", "eof");
    expectOk("REPLCONF capa eof");
    command("REPLCONF", "rdb-only", "1");
    String rdbOnly = line();
    if (!rdbOnly.startsWith("+") && !rdbOnly.startsWith("-")) {
      throw new IOException("unexpected reply to REPLCONF rdb-only: " + rdbOnly);
    }
    command("SYNC");
    String preamble;
    do {
      preamble = line(); // newlines are keep-alives while the fork starts
    } while (preamble.isEmpty());
    if (preamble.startsWith("-")) {
      throw new IOException("the instance refused SYNC: " + preamble.substring(1));
    }
    if (!preamble.startsWith("$")) {
      throw new IOException("unexpected reply to SYNC: " + abbreviate(preamble));
    }
    try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        DigestingSink sink = new DigestingSink(file, progress)) {
      StoreSpace space = new StoreSpace(target);
      if (preamble.startsWith("$EOF:")) {
        byte[] mark = preamble.substring(5).getBytes(StandardCharsets.US_ASCII);
        if (mark.length != MARK_LENGTH) {
          throw new IOException("malformed EOF mark in " + abbreviate(preamble));
        }
        space.check(0);
        untilMark(mark, sink, space);
      } else {
        long length;
        try {
          length = Long.parseLong(preamble.substring(1));
        } catch (NumberFormatException e) {
          throw new IOException("malformed SYNC length " + abbreviate(preamble), e);
        }
        space.requireRoomFor(length);
        exactly(length, sink);
      }
      file.force(true);
      RdbDigest digest = sink.finish();
      progress.accept(digest.size());
      return digest;
    }
  }

  private void exactly(long length, DigestingSink sink) throws IOException {
    long left = length;
    while (left > 0) {
      if (!buffer.hasRemaining()) {
        fill();
      }
      int n = (int) Math.min(left, buffer.remaining());
      sink.write(buffer.array(), buffer.position(), n);
      buffer.position(buffer.position() + n);
      left -= n;
    }
  }

  /**
   * Streams until the mark: every byte but the last 40 received is written as soon as it arrives; the
   * last 40 wait until more comes or they turn out to be the mark.
   */
  private void untilMark(byte[] mark, DigestingSink sink, StoreSpace space) throws IOException {
    byte[] a = buffer.array();
    // compact what is already buffered to the start of the array
    int n = buffer.remaining();
    System.arraycopy(a, buffer.position(), a, 0, n);
    int searchedUpTo = 0;
    while (true) {
      int at = find(a, Math.max(0, searchedUpTo - MARK_LENGTH + 1), n, mark);
      if (at >= 0) {
        sink.write(a, 0, at);
        return;
      }
      searchedUpTo = n;
      if (n == a.length) {
        int keep = MARK_LENGTH - 1;
        space.check(sink.written());
        sink.write(a, 0, n - keep);
        System.arraycopy(a, n - keep, a, 0, keep);
        n = keep;
        searchedUpTo = keep;
      }
      int r = in.read(a, n, a.length - n);
      if (r < 0) {
        throw new EOFException("the connection closed after " + (sink.written() + n)
            + " bytes, before the snapshot's end mark");
      }
      lastActivity.set(System.nanoTime());
      n += r;
    }
  }

  /** The first index in {@code a[from, to)} where {@code mark} starts and fits entirely, or -1. */
  private static int find(byte[] a, int from, int to, byte[] mark) {
    byte first = mark[0];
    for (int i = from; i <= to - mark.length; i++) {
      if (a[i] == first && Arrays.equals(a, i, i + mark.length, mark, 0, mark.length)) {
        return i;
      }
    }
    return -1;
  }

  private void fill() throws IOException {
    int r = in.read(buffer.array(), 0, buffer.capacity());
    buffer.position(0).limit(Math.max(r, 0));
    if (r < 0) {
      throw new EOFException("the connection closed mid-transfer");
    }
    lastActivity.set(System.nanoTime());
  }

  private void command(String... args) throws IOException {
    StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      out.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    this.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
    this.out.flush();
  }

  private void expectOk(String what) throws IOException {
    String reply = line();
    if (!reply.startsWith("+")) {
      throw new IOException(what + " failed: " + abbreviate(reply.startsWith("-") ? reply.substring(1) : reply));
    }
  }

  /** One line without its CRLF (a lone LF, Redis's keep-alive, ends an empty line). */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (!buffer.hasRemaining()) {
        fill();
      }
      byte b = buffer.get();
      if (b == '\n') {
        int len = line.length();
        return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
      }
      if (line.length() > 1024) {
        throw new IOException("reply line too long: " + abbreviate(line.toString()));
      }
      line.append((char) (b & 0xff));
    }
  }

  private static String abbreviate(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
  }
}
