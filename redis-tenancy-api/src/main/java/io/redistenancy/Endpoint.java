package io.redistenancy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where a client reaches an instance: a UNIX socket, a TCP host and port, or a TLS host and port. */
public final class Endpoint {
  private final Path socket;
  private final String host;
  private final int port;
  private final boolean tls;

  private Endpoint(Path socket, String host, int port, boolean tls) {
    this.socket = socket;
    this.host = host;
    this.port = port;
    this.tls = tls;
  }

  public static Endpoint unixSocket(Path socket) {
    return new Endpoint(Objects.requireNonNull(socket, "socket").toAbsolutePath(), null, 0, false);
  }

  /** Plaintext TCP. */
  public static Endpoint tcp(String host, int port) {
    return new Endpoint(null, Objects.requireNonNull(host, "host"), requirePort(port), false);
  }

  /**
   * TCP with TLS. A dedicated tenant's server presents a certificate from the home's CA; an external
   * server (registered or shared) its own, verified as its {@link ServerTls} says.
   */
  public static Endpoint tls(String host, int port) {
    return new Endpoint(null, Objects.requireNonNull(host, "host"), requirePort(port), true);
  }

  private static int requirePort(int port) {
    if (port < 1 || port > 65535) {
      throw new InvalidRequestException("port " + port + " is out of range; allowed 1 to 65535");
    }
    return port;
  }

  public boolean isUnixSocket() {
    return socket != null;
  }

  /** Whether clients must speak TLS here. */
  public boolean isTls() {
    return tls;
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
        && port == e.port && tls == e.tls;
  }

  @Override
  public int hashCode() {
    return Objects.hash(socket, host, port, tls);
  }

  /** {@code unix:/path/to.sock}, {@code tcp:127.0.0.1:6390} or {@code tls:127.0.0.1:6390}. */
  @Override
  public String toString() {
    return socket != null ? "unix:" + socket : (tls ? "tls:" : "tcp:") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
