package io.redistenancy.internal.resp;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.DaemonThreads;
import java.io.BufferedInputStream;
import io.redistenancy.internal.DaemonThreads;
import java.io.Closeable;
import io.redistenancy.internal.DaemonThreads;
import java.io.EOFException;
import io.redistenancy.internal.DaemonThreads;
import java.io.IOException;
import io.redistenancy.internal.DaemonThreads;
import java.io.InputStream;
import io.redistenancy.internal.DaemonThreads;
import java.io.OutputStream;
import io.redistenancy.internal.DaemonThreads;
import java.nio.ByteBuffer;
import io.redistenancy.internal.DaemonThreads;
import java.nio.charset.StandardCharsets;
import io.redistenancy.internal.DaemonThreads;
import java.time.Duration;
import io.redistenancy.internal.DaemonThreads;
import java.util.ArrayList;
import io.redistenancy.internal.DaemonThreads;
import java.util.List;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.Executors;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ScheduledExecutorService;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.ScheduledFuture;
import io.redistenancy.internal.DaemonThreads;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A minimal blocking RESP2 connection for the library's own short conversations with an instance:
 * readiness probes, INFO, CONFIG SET, ACL. Cheaper than a Lettuce client (no event loop to start),
 * which matters on the create path. Not thread-safe; one conversation per connection. Arguments are
 * sent as bulk strings, so no value is ever parsed as a command.
 *
 * <p>A reply is read within fixed bounds, so a hostile or broken server cannot exhaust the JVM with a
 * header like {@code *2147483647} or a line that never ends: {@link #MAX_LINE} bytes per line,
 * {@link #MAX_ELEMENTS} elements per array, {@link #MAX_DEPTH} levels of nesting, {@link #MAX_REPLY}
 * bytes per reply. The library's own conversations stay far below them. A reply over a bound is a
 * {@link RespException} naming the bound, and the connection is closed (the rest of the reply is unread).
 */
public final class RespConnection implements AutoCloseable {
  /** The longest line (a simple string, an error, a length header), CRLF excluded. */
  public static final int MAX_LINE = 64 * 1024;
  /** The most elements of one array. */
  public static final int MAX_ELEMENTS = 1 << 20;
  /** The deepest nesting of arrays. */
  public static final int MAX_DEPTH = 32;
  /** The most bytes of one reply, bulk strings included. */
  public static final long MAX_REPLY = 64L * 1024 * 1024;

  /** Closes connections whose reply is late: UNIX socket channels have no read timeout of their own. */
  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.named("resp-deadlines"));

  private final Closeable transport;
  private final InputStream in;
  private final OutputStream out;
  private final Duration timeout;
  /** What a line counts against {@link #MAX_REPLY} at least: about the memory of the value it becomes. */
  private static final int LINE_COST = 32;
  /** Bytes of the current reply still allowed by {@link #MAX_REPLY}. */
  private long replyBudget;

  private RespConnection(Closeable transport, InputStream in, OutputStream out, Duration timeout) {
    this.transport = transport;
    this.in = new BufferedInputStream(in, 16 * 1024);
    this.out = out;
    this.timeout = timeout;
  }

  /** Connects to a plaintext {@code endpoint}; fails at once (no retry) if nothing listens there. */
  public static RespConnection open(Endpoint endpoint, Duration timeout) throws IOException {
    return open(endpoint, timeout, null);
  }

  /**
   * Connects to {@code endpoint}; a TLS endpoint with {@code tls} (which holds the trusted CAs and, for
   * mutual TLS, the client key), verifying that the server's certificate names the endpoint's host.
   */
  public static RespConnection open(Endpoint endpoint, Duration timeout, SSLContext tls) throws IOException {
    Transport transport = Transport.open(endpoint, timeout, tls);
    return new RespConnection(transport, transport.in(), transport.out(), timeout);
  }

  /** Sends {@code AUTH user password}. */
  public void auth(String user, String password) throws IOException {
    call("AUTH", user, password);
  }

  /**
   * Sends one command and returns its reply: a String (simple or bulk; null for a null bulk), a Long,
   * or a List of those.
   *
   * @throws RespException for an error reply
   * @throws IOException if the connection fails or the reply takes longer than the timeout
   */
  public Object call(String... args) throws IOException {
    ScheduledFuture<?> deadline = DEADLINES.schedule(this::closeQuietly, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      write(args);
      replyBudget = MAX_REPLY;
      return read(0);
    } catch (RespException e) {
      if (e.isLimit()) {
        closeQuietly(); // the rest of the reply is unread: the connection is out of step
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  /** Like {@link #call} for commands whose reply is a string. */
  public String callString(String... args) throws IOException {
    Object reply = call(args);
    return reply == null ? null : reply.toString();
  }

  private void write(String[] args) throws IOException {
    StringBuilder out = new StringBuilder().append('*').append(args.length).append("\r\n");
    List<byte[]> parts = new ArrayList<>(args.length);
    for (String arg : args) {
      parts.add(arg.getBytes(StandardCharsets.UTF_8));
    }
    ByteBufferBuilder buffer = new ByteBufferBuilder();
    buffer.ascii(out.toString());
    for (byte[] part : parts) {
      buffer.ascii("$" + part.length + "\r\n").bytes(part).ascii("\r\n");
    }
    ByteBuffer bb = buffer.build();
    this.out.write(bb.array(), 0, bb.limit());
    this.out.flush();
  }

  private Object read(int depth) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RespException(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        long length = length(line, "bulk string");
        if (length < 0) {
          return null;
        }
        spend(length + 2, "a bulk string of " + length + " bytes");
        byte[] data = in.readNBytes((int) length + 2);
        if (data.length < length + 2) {
          throw new EOFException("connection closed mid-reply");
        }
        return new String(data, 0, (int) length, StandardCharsets.UTF_8);
      }
      case '*': {
        long count = length(line, "array");
        if (count < 0) {
          return null;
        }
        if (count > MAX_ELEMENTS) {
          throw limit("an array of " + count + " elements exceeds the limit of " + MAX_ELEMENTS
              + " (RespConnection.MAX_ELEMENTS)");
        }
        if (depth >= MAX_DEPTH) {
          throw limit("arrays nested deeper than " + MAX_DEPTH + " levels (RespConnection.MAX_DEPTH)");
        }
        List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
          items.add(readElement(depth + 1));
        }
        return items;
      }
      default:
        throw new IOException("not a RESP reply (type byte " + type + ")");
    }
  }

  private static long length(String line, String what) throws IOException {
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new IOException("malformed " + what + " length '" + line.replaceAll("\\p{Cntrl}", "?") + "'", e);
    }
  }

  /** Counts {@code bytes} against the reply's budget. */
  private void spend(long bytes, String what) {
    if (bytes > replyBudget) {
      throw limit(what + " would take the reply over " + MAX_REPLY + " bytes (RespConnection.MAX_REPLY)");
    }
    replyBudget -= bytes;
  }

  private static RespException limit(String detail) {
    return RespException.limit("reply refused: " + detail + "; the server is broken or hostile");
  }

  /** Array elements may be errors (e.g. in EXEC replies); keep them as values instead of throwing. */
  private Object readElement(int depth) throws IOException {
    try {
      return read(depth);
    } catch (RespException e) {
      if (e.isLimit()) {
        throw e;
      }
      return e;
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("malformed RESP line");
        }
        spend(Math.max(LINE_COST, line.length() + 3), "a line");
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw limit("a line longer than " + MAX_LINE + " bytes (RespConnection.MAX_LINE)");
      }
      line.append((char) c);
    }
    throw new EOFException("connection closed mid-reply");
  }

  private void closeQuietly() {
    try {
      transport.close();
    } catch (IOException ignored) {
      // closing to unblock a late reply; nothing more to do
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  /** A growable byte buffer for one request. */
  private static final class ByteBufferBuilder {
    private byte[] bytes = new byte[256];
    private int size;

    ByteBufferBuilder ascii(String s) {
      return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    ByteBufferBuilder bytes(byte[] more) {
      if (size + more.length > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more.length));
      }
      System.arraycopy(more, 0, bytes, size, more.length);
      size += more.length;
      return this;
    }

    ByteBuffer build() {
      return ByteBuffer.wrap(bytes, 0, size);
    }
  }
}
