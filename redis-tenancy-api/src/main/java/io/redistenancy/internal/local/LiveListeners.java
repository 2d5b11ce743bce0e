package io.redistenancy.internal.local;

import io.redistenancy.Access;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.TlsMaterial;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Changes a running instance's listeners for a new access mode, live (Redis 7 sets {@code port},
 * {@code tls-port} and the TLS files at run time): the TLS files are loaded first, then the TCP port
 * moves between the plaintext and the TLS listener, taken again as {@link PortBinding} takes it
 * (the same port if it can). Connections already accepted stay open: closing a listener closes no
 * client. DUAL and TLS_ONLY share the TLS listener; they differ in whether the socket is an endpoint.
 */
final class LiveListeners {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LiveListeners() {}

  /**
   * @param clientAuthWas the {@code tls-auth-clients} value the instance has now, if it serves TLS
   * @return the TCP port the instance listens on now
   */
  static int change(String tenant, ProcessHandle process, Path socket, String login, PortAllocator ports,
      InstanceLayout.TlsFiles tlsFiles, Access was, Optional<String> clientAuthWas, Access now,
      Optional<TlsMaterial> material) {
    boolean loadTls = material.isPresent()
        && (!was.usesTls() || !clientAuthWas.equals(Optional.of(material.get().clientAuth().redisValue())));
    boolean moveListener = was.usesTls() != now.usesTls();
    if (!loadTls && !moveListener) {
      return tlsFiles.port();
    }
    try (RespConnection admin = RespConnection.open(Endpoint.unixSocket(socket), TIMEOUT)) {
      admin.auth(AclUser.ADMIN_NAME, login);
      if (loadTls) {
        admin.call("CONFIG", "SET", "tls-cert-file", tlsFiles.certificate().toString(), "tls-key-file",
            tlsFiles.key().toString(), "tls-ca-cert-file", tlsFiles.caBundle().toString(), "tls-auth-clients",
            material.get().clientAuth().redisValue(), "tls-protocols", "TLSv1.2 TLSv1.3", "tls-replication", "no");
      }
      if (!moveListener) {
        return tlsFiles.port();
      }
      admin.call("CONFIG", "SET", was.usesTls() ? "tls-port" : "port", "0");
    } catch (IOException | RespException e) {
      throw new ProvisioningFailedException("Tenant '" + tenant + "': redis-server pid " + process.pid()
          + " did not take its new listeners for access " + now + ": " + e.getMessage(), e);
    }
    return new PortBinding(ports).bind(tenant, process, socket, login, tlsFiles.port(), now);
  }
}
