package io.redistenancy.internal.resp;

import io.redistenancy.Endpoint;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A minimal blocking RESP2 connection for the library's own short conversations with an instance:
 * readiness probes, INFO, CONFIG SET, ACL. Cheaper than a Lettuce client (no event loop to start),
 * which matters on the create path. Not thread-safe; one conversation per connection. Arguments are
 * sent as bulk strings, so no value is ever parsed as a command.
 */
public final class RespConnection implements AutoCloseable {
  /** Closes connections whose reply is late: UNIX socket channels have no read timeout of their own. */
  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "redis-tenancy-resp-deadlines");
    t.setDaemon(true);
    return t;
  });

  private final Closeable transport;
  private final InputStream in;
  private final OutputStream out;
  private final Duration timeout;

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
      return read();
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

  private Object read() throws IOException {
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
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length + 2);
        if (data.length < length + 2) {
          throw new EOFException("connection closed mid-reply");
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(readElement());
        }
        return items;
      }
      default:
        throw new IOException("not a RESP reply (type byte " + type + ")");
    }
  }

  /** Array elements may be errors (e.g. in EXEC replies); keep them as values instead of throwing. */
  private Object readElement() throws IOException {
    try {
      return read();
    } catch (RespException e) {
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
        return line.toString();
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
