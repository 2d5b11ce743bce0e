package io.redistenancy.spi;

import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ServerTls;
import io.redistenancy.internal.tls.SslContexts;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A server's address and an admin user to act on all of its data with, and, for a server that speaks
 * TLS with certificates of its own, how it is verified; {@link #toString} hides the password. A
 * {@link RemoteAccess} gives it for the tenants whose data the library reaches over the network.
 */
public record ServerLogin(Endpoint endpoint, String user, String password, ServerTls tls) {
  public ServerLogin {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (tls != null && !endpoint.isTls()) {
      throw new InvalidRequestException(endpoint + " is plaintext; a ServerTls needs a TLS endpoint");
    }
  }

  /** A plaintext server, or a dedicated instance (whose TLS, if any, is the home CA's). */
  public ServerLogin(Endpoint endpoint, String user, String password) {
    this(endpoint, user, password, null);
  }

  /** How a TLS server with certificates of its own is verified. */
  public Optional<ServerTls> serverTls() {
    return Optional.ofNullable(tls);
  }

  /** The client context for {@link #endpoint}; null for a plaintext one. */
  public SSLContext sslContext() {
    return tls == null ? null : SslContexts.forServer(tls);
  }

  @Override
  public String toString() {
    return user + "@" + endpoint;
  }
}
