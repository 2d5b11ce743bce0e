package io.redistenancy.benchmarks.shared;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking RESP client over one TCP connection: what the benchmark's "application" sends
 * (AUTH, then one command) with nothing a client library would add. Replies: simple strings, errors,
 * integers and bulk strings.
 */
final class RespLine implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RespLine(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  static RespLine open(int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      return new RespLine(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends one command; returns its reply as text. An error reply is an IOException with its text. */
  String command(String... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(bytes);
      request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(request.toByteArray());
    out.flush();
    return reply();
  }

  private String reply() throws IOException {
    int type = in.read();
    String line = readLine();
    switch (type) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new IOException(line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] body = in.readNBytes(length + 2);
        return new String(body, 0, length, StandardCharsets.UTF_8);
      }
      default -> throw new IOException("unexpected reply type " + (type < 0 ? "EOF" : (char) type));
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      line.write(b);
    }
    in.read(); // '\n'
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
