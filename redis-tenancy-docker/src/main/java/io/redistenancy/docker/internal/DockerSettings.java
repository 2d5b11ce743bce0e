package io.redistenancy.docker.internal;

import io.redistenancy.InvalidRequestException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Docker backend's settings, each checked already by its setter on
 * {@link io.redistenancy.docker.DockerBackends.Docker}, frozen when a backend is created: changing the
 * public settings afterwards changes no open backend.
 *
 * @param dockerHost the engine, else {@code DOCKER_HOST} or the default socket
 * @param dockerTls the client certificates for a TLS engine
 * @param bindAddress the TCP bind address, when TCP is on
 * @param firstPort the first port of the TCP range, or 0 when TCP is off
 * @param uid the configured container uid, else the default (see {@link ContainerUser})
 * @param acknowledgedVersions Redis versions the operator checked carry the fixes
 */
public record DockerSettings(String image, Optional<String> dockerHost, Optional<Path> dockerTls, boolean unixSocket,
    Optional<String> bindAddress, int firstPort, int lastPort, boolean networkPerTenant, Optional<Integer> uid,
    Optional<Integer> gid, long pidsLimit, double cpus, Duration stopTimeout, Set<String> acknowledgedVersions) {

  /** @throws InvalidRequestException if neither a UNIX socket nor TCP is on */
  public DockerSettings {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    acknowledgedVersions = Set.copyOf(acknowledgedVersions);
    if (!unixSocket && bindAddress.isEmpty()) {
      throw new InvalidRequestException("the Docker backend needs an endpoint: keep unixSocket(true) or "
          + "set tcp(bindAddress, firstPort, lastPort)");
    }
  }

  /** Whether instances are also published over TCP. */
  boolean tcp() {
    return bindAddress.isPresent();
  }
}
