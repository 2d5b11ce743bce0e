package io.redistenancy.contract;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.resp.Transport;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A binary-safe RESP2 client for tests that compare a server's replies exactly: every reply becomes a
 * value (errors too, inside arrays as well), and {@link #render} prints it the same way for any server.
 * Lettuce would interpret replies (and throw on an error inside EXEC); the library's own
 * {@code RespConnection} decodes bulk strings as text, which a {@code DUMP} payload is not.
 */
public final class RawClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Closes a connection whose reply is late: a UNIX socket has no read timeout of its own. */
  private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "raw-client-deadlines");
    t.setDaemon(true);
    return t;
  });

  /** An error reply. */
  public record Error(String message) {
    @Override
    public String toString() {
      return "-" + message;
    }
  }

  /** A simple-string reply such as {@code OK}. */
  public record Status(String text) {
    @Override
    public String toString() {
      return "+" + text;
    }
  }

  private final Transport transport;
  private final InputStream in;
  private final OutputStream out;

  private RawClient(Transport transport) {
    this.transport = transport;
    this.in = new BufferedInputStream(transport.in(), 16 * 1024);
    this.out = transport.out();
  }

  /** Connects to a plaintext endpoint and authenticates as {@code user} (none when null). */
  public static RawClient open(Endpoint endpoint, String user, String password) throws IOException {
    RawClient client = new RawClient(Transport.open(endpoint, TIMEOUT, null));
    if (user != null) {
      Object reply = client.call("AUTH", user, password);
      if (!(reply instanceof Status)) {
        client.close();
        throw new IOException("AUTH as " + user + " on " + endpoint + " was refused: " + reply);
      }
    }
    return client;
  }

  /**
   * Sends one command (each argument a String or a byte[]) and returns its reply: a {@link Status}, an
   * {@link Error}, a Long, a byte[] (bulk), null, or a List of those.
   */
  public Object call(Object... args) throws IOException {
    write(args);
    return next();
  }

  /** Sends a command without reading its reply (e.g. one that blocks). */
  public void send(Object... args) throws IOException {
    write(args);
  }

  /** The next reply or push message, waiting up to the client's timeout. */
  public Object next() throws IOException {
    ScheduledFuture<?> deadline = DEADLINES.schedule(this::close, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return read();
    } finally {
      deadline.cancel(false);
    }
  }

  private void write(Object[] args) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes = arg instanceof byte[] b ? b : arg.toString().getBytes(StandardCharsets.UTF_8);
      buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buffer.writeBytes(bytes);
      buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(buffer.toByteArray());
    out.flush();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server");
    }
    String line = readLine();
    return switch (type) {
      case '+' -> new Status(line);
      case '-' -> new Error(line);
      case ':' -> Long.parseLong(line);
      case '$' -> bulk(Integer.parseInt(line));
      case '*' -> array(Integer.parseInt(line));
      default -> throw new IOException("not a RESP2 reply (type byte " + type + ")");
    };
  }

  private byte[] bulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] data = in.readNBytes(length + 2);
    if (data.length < length + 2) {
      throw new EOFException("connection closed mid-reply");
    }
    return java.util.Arrays.copyOf(data, length);
  }

  private List<Object> array(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(read());
    }
    return items;
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

  /** A reply as comparable text: bulk strings as text when printable ASCII, else as hex. */
  public static String render(Object reply) {
    if (reply == null) {
      return "(nil)";
    }
    if (reply instanceof byte[] bytes) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "\"" + text + "\"" : "0x" + HexFormat.of().formatHex(bytes);
    }
    if (reply instanceof List<?> items) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : items) {
        out.append(out.length() == 1 ? "" : ", ").append(render(item));
      }
      return out.append(']').toString();
    }
    return reply.toString(); // Status, Error, Long
  }

  /** The text of a bulk reply. */
  public static String text(Object reply) {
    if (!(reply instanceof byte[] bytes)) {
      throw new AssertionError("expected a bulk string, got " + render(reply));
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException ignored) {
      // closing to unblock a late reply, or at the end: nothing more to do
    }
  }
}
