package io.redistenancy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where a client reaches an instance: a UNIX socket or a TCP host and port. */
public final class Endpoint {
  private final Path socket;
  private final String host;
  private final int port;

  private Endpoint(Path socket, String host, int port) {
    this.socket = socket;
    this.host = host;
    this.port = port;
  }

  public static Endpoint unixSocket(Path socket) {
    return new Endpoint(Objects.requireNonNull(socket, "socket").toAbsolutePath(), null, 0);
  }

  public static Endpoint tcp(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new InvalidRequestException("port " + port + " is out of range; allowed 1 to 65535");
    }
    return new Endpoint(null, host, port);
  }

  public boolean isUnixSocket() {
    return socket != null;
  }

  /** The socket path, for a UNIX socket endpoint. */
  public Optional<Path> socket() {
    return Optional.ofNullable(socket);
  }

  /** The host, for a TCP endpoint. */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /** The port, for a TCP endpoint; 0 for a socket. */
  public int port() {
    return port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoint e && Objects.equals(socket, e.socket) && Objects.equals(host, e.host)
        && port == e.port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(socket, host, port);
  }

  /** {@code unix:/path/to.sock} or {@code tcp:127.0.0.1:6390}. */
  @Override
  public String toString() {
    return socket != null ? "unix:" + socket : "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
