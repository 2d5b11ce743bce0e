package io.redistenancy.testkit.internal;

import io.redistenancy.Backends;
import io.redistenancy.InvalidRequestException;
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
 * @param tcp whether instances also listen on TCP of 127.0.0.1 (TLS needs it), on a port of this JVM's
 *     slice of {@code -Dredistenancy.testkit.tcp-ports}
 */
record ResolvedBackend(boolean docker, Path binary, String image, Path plans, boolean tcp) {
  static final String PORTS_PROPERTY = "redistenancy.testkit.tcp-ports";

  BackendFactory factory() {
    return docker ? DockerSupport.factory(image, tcp ? tcpPorts() : null) : local();
  }

  /** The local backend's settings for this value. */
  Backends.Local local() {
    Backends.Local local = binary == null ? Backends.local() : Backends.local().binary(binary);
    if (tcp) {
      int[] ports = tcpPorts();
      local.tcpPorts(ports[0], ports[1]);
    }
    return local;
  }

  /** This JVM's slice of the configured TCP port range, first and last: see {@link PortSlices}. */
  static int[] tcpPorts() {
    int[] configured = ports(System.getProperty(PORTS_PROPERTY, "30000-32767"));
    return PortSlices.forThisJvm(configured[0], configured[1]);
  }

  /** The same backend with TCP on (for the SHARED_SERVER server, which the shared-servers backend reaches over TCP). */
  ResolvedBackend withTcp() {
    return new ResolvedBackend(docker, binary, image, plans, true);
  }

  /** {@code FIRST-LAST}, both within 1024..65535 (the local backend checks the bounds). */
  static int[] ports(String range) {
    String[] parts = range.trim().split("-", 2);
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException("-D" + PORTS_PROPERTY + "=" + range + " is not a port range; use FIRST-LAST, "
        + "e.g. 30000-32767 (the TCP ports SHARED_SERVER and TLS instances may listen on)");
  }

  PlanCatalog catalog() {
    return plans == null ? Plans.of() : Plans.directory(plans);
  }

  /**
   * One line for the marker file the sweeper reads: {@code local [binary]}, or {@code docker image}
   * ({@code docker-tcp image} when containers publish TCP ports: the sweep opens the home alike).
   */
  String marker() {
    return docker ? (tcp ? "docker-tcp " : "docker ") + image : binary == null ? "local" : "local " + binary;
  }

  /** The backend a marker line describes (plans do not matter for a sweep). */
  static ResolvedBackend fromMarker(String line) {
    String[] parts = line.trim().split(" ", 2);
    boolean docker = parts[0].startsWith("docker");
    String arg = parts.length > 1 ? parts[1] : null;
    return new ResolvedBackend(docker, !docker && arg != null ? Path.of(arg) : null, docker ? arg : null, null,
        parts[0].equals("docker-tcp"));
  }

  String describe() {
    return docker ? "Docker image " + image : "local redis-server" + (binary == null ? "" : " " + binary);
  }
}
