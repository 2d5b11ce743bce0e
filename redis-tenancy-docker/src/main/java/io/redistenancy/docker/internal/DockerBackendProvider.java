package io.redistenancy.docker.internal;

import io.redistenancy.docker.DockerBackends;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackendProvider;
import java.time.Duration;
import java.util.Optional;

/**
 * Offers the Docker backend to {@link java.util.ServiceLoader} discovery, below the local backend
 * (priority {@value #PRIORITY}): a tenancy uses Docker without being told only where no local
 * {@code redis-server} is available. Available when an engine answers at {@code DOCKER_HOST} or the
 * default socket.
 */
public final class DockerBackendProvider implements BackendProvider {
  static final int PRIORITY = -10;

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public Optional<String> unavailableReason() {
    try (DockerEngine engine = DockerEngine.connect(Duration.ofSeconds(5))) {
      engine.ping();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("no Docker engine answers at DOCKER_HOST or the default socket ("
          + DockerEngine.rootMessage(e) + "); install Docker and start dockerd, or set DOCKER_HOST");
    }
  }

  @Override
  public BackendFactory factory() {
    return DockerBackends.docker();
  }
}
