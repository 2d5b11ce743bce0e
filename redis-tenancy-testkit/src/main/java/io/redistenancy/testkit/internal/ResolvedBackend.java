package io.redistenancy.testkit.internal;

import io.redistenancy.Backends;
import io.redistenancy.PlanCatalog;
import io.redistenancy.Plans;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Path;

/**
 * A backend after AUTO was decided: everything a tenancy needs to open a home. One tenancy per value.
 *
 * @param docker whether instances are containers (else local processes)
 * @param binary the local redis-server, or null for the library's own lookup
 * @param image the Docker image, or null for local
 * @param plans the plan directory, or null
 */
record ResolvedBackend(boolean docker, Path binary, String image, Path plans) {

  BackendFactory factory() {
    return docker ? DockerSupport.factory(image) : binary == null ? Backends.local() : Backends.local().binary(binary);
  }

  PlanCatalog catalog() {
    return plans == null ? Plans.of() : Plans.directory(plans);
  }

  /** One line for the marker file the sweeper reads: {@code local [binary]} or {@code docker image}. */
  String marker() {
    return docker ? "docker " + image : binary == null ? "local" : "local " + binary;
  }

  /** The backend a marker line describes (plans do not matter for a sweep). */
  static ResolvedBackend fromMarker(String line) {
    String[] parts = line.trim().split(" ", 2);
    boolean docker = parts[0].equals("docker");
    String arg = parts.length > 1 ? parts[1] : null;
    return new ResolvedBackend(docker, !docker && arg != null ? Path.of(arg) : null, docker ? arg : null, null);
  }

  String describe() {
    return docker ? "Docker image " + image : "local redis-server" + (binary == null ? "" : " " + binary);
  }
}
