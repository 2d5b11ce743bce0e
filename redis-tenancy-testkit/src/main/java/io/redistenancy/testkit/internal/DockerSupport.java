package io.redistenancy.testkit.internal;

import io.redistenancy.docker.DockerBackends;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The only class that touches the optional {@code redis-tenancy-docker} module; loaded only when
 * {@link #onClassPath()} says the module is there.
 */
final class DockerSupport {
  private static final String BACKENDS = "io.redistenancy.docker.DockerBackends";
  private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  private DockerSupport() {}

  static boolean onClassPath() {
    try {
      Class.forName(BACKENDS, false, DockerSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether an engine is probably reachable: the socket {@code DOCKER_HOST} names exists (a TCP
   * {@code DOCKER_HOST} accepts a connection), or, without DOCKER_HOST, the default socket exists.
   */
  static boolean engineLikely() {
    return engineMissingReason().isEmpty();
  }

  /** Why no engine is reachable, naming where it looked; empty when one probably is. */
  static Optional<String> engineMissingReason() {
    String host = System.getenv("DOCKER_HOST");
    if (host == null || host.isBlank()) {
      return Files.exists(DEFAULT_SOCKET) ? Optional.empty()
          : Optional.of("DOCKER_HOST is unset and " + DEFAULT_SOCKET + " does not exist");
    }
    URI uri;
    try {
      uri = URI.create(host.trim());
    } catch (IllegalArgumentException e) {
      return Optional.of("DOCKER_HOST=" + host + " is not a URI");
    }
    if ("unix".equals(uri.getScheme())) {
      return Files.exists(Path.of(uri.getPath())) ? Optional.empty()
          : Optional.of("DOCKER_HOST=" + host + " names a socket that does not exist");
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      return Optional.empty(); // a scheme we cannot probe cheaply (ssh, npipe): let the backend try
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("DOCKER_HOST=" + host + " does not accept connections (" + e.getMessage() + ")");
    }
  }

  static String defaultImage() {
    String configured = System.getProperty("redistenancy.testkit.image");
    return configured != null && !configured.isBlank() ? configured.trim() : Defaults.IMAGE;
  }

  /** @param tcpPorts first and last host port for TCP (TLS) endpoints on 127.0.0.1, or null for none */
  static BackendFactory factory(String image, int[] tcpPorts) {
    if (!onClassPath()) {
      throw new io.redistenancy.BackendUnavailableException("The Docker backend was asked for (image " + image
          + "), but redis-tenancy-docker is not on the test class path. Add the test dependency "
          + "io.redistenancy:redis-tenancy-docker.");
    }
    DockerBackends.Docker docker = DockerBackends.docker().image(image);
    return tcpPorts == null ? docker : docker.tcp("127.0.0.1", tcpPorts[0], tcpPorts[1]);
  }

  /** Kept apart so that reading the default image needs the module only when Docker is used. */
  private static final class Defaults {
    static final String IMAGE = DockerBackends.Docker.DEFAULT_IMAGE;
  }
}
