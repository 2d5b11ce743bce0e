package io.redistenancy.internal;

import io.redistenancy.Access;
import io.redistenancy.Endpoint;
import io.redistenancy.spi.InstanceLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Where an instance on this machine (a child process, a systemd unit) listens, by its access and TCP
 * port: its UNIX socket unless TLS_ONLY, and with a port, plaintext TCP (PLAIN) or TLS (TLS_ONLY,
 * DUAL) on {@link PortAllocator#LOOPBACK}. Redis has no TLS on UNIX sockets, so TLS needs a port.
 *
 * @param port the tenant's TCP port, or 0 for none
 * @param settings the settings that give a backend ports, named when TLS has none, e.g. {@code Backends.local()}
 */
public record LoopbackListeners(Access access, int port, String settings) {

  /**
   * Adds the listeners to {@code layout}, the socket at {@code socket} as the instance sees it.
   *
   * @param tlsFiles the TLS files the instance reads, for a port
   * @throws IllegalArgumentException for TLS without a port
   */
  public InstanceLayout.Builder addTo(InstanceLayout.Builder layout, Path socket, int socketPermissions,
      IntFunction<InstanceLayout.TlsFiles> tlsFiles) {
    if (access != Access.TLS_ONLY) {
      layout.unixSocket(socket, socketPermissions);
    }
    if (access.usesTls()) {
      if (port == 0) {
        throw new IllegalArgumentException("access " + access + " needs a TCP port for TLS (Redis has no TLS on"
            + " UNIX sockets), and this tenant has none: set " + settings + ".tcpPorts(first, last)");
      }
      layout.tls(PortAllocator.LOOPBACK, tlsFiles.apply(port));
    } else if (port != 0) {
      layout.tcp(PortAllocator.LOOPBACK, port);
    }
    return layout;
  }

  /** Where clients reach the instance, preferred first: the socket (as clients see it) where there is one. */
  public List<Endpoint> endpoints(Path clientSocket) {
    List<Endpoint> endpoints = new ArrayList<>();
    if (access != Access.TLS_ONLY) {
      endpoints.add(Endpoint.unixSocket(clientSocket));
    }
    if (port != 0) {
      endpoints.add(access.usesTls() ? Endpoint.tls(PortAllocator.LOOPBACK, port)
          : Endpoint.tcp(PortAllocator.LOOPBACK, port));
    }
    return endpoints;
  }
}
