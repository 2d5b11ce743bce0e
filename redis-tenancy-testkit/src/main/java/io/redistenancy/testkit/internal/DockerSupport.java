package io.redistenancy.testkit.internal;

import io.redistenancy.docker.DockerBackends;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The only class that touches the optional {@code redis-tenancy-docker} module; loaded only when
 * {@link #onClassPath()} says the module is there.
 */
final class DockerSupport {
  private static final String BACKENDS = "io.redistenancy.docker.DockerBackends";

  private DockerSupport() {}

  static boolean onClassPath() {
    try {
      Class.forName(BACKENDS, false, DockerSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether an engine is probably reachable: DOCKER_HOST is set, or the default socket exists. */
  static boolean engineLikely() {
    String host = System.getenv("DOCKER_HOST");
    return host != null && !host.isBlank() || Files.exists(Path.of("/var/run/docker.sock"));
  }

  static String defaultImage() {
    String configured = System.getProperty("redistenancy.testkit.image");
    return configured != null && !configured.isBlank() ? configured.trim() : Defaults.IMAGE;
  }

  static BackendFactory factory(String image) {
    if (!onClassPath()) {
      throw new io.redistenancy.BackendUnavailableException("The Docker backend was asked for (image " + image
          + "), but redis-tenancy-docker is not on the test class path. Add the test dependency "
          + "io.redistenancy:redis-tenancy-docker.");
    }
    return DockerBackends.docker().image(image);
  }

  /** Kept apart so that reading the default image needs the module only when Docker is used. */
  private static final class Defaults {
    static final String IMAGE = DockerBackends.Docker.DEFAULT_IMAGE;
  }
}
