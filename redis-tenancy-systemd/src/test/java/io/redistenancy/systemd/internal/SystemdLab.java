package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.redistenancy.TenancyException;
import io.redistenancy.systemd.CommandRunner;
import io.redistenancy.systemd.SystemdBackends;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real systemd the integration tests use: PID 1 of the container {@code scripts/setup-systemd.sh}
 * starts. Tests that need it are aborted (skipped, with the reason) when it is not there.
 */
final class SystemdLab {
  static final String CONTAINER = System.getenv().getOrDefault("REDIS_TENANCY_SYSTEMD_CONTAINER", "redis-tenancy-systemd");
  private static final String HOW = " Run scripts/setup-systemd.sh (as root, with Docker) to get one.";
  private static String unavailable;
  private static Path socketDirectory;
  private static boolean warned;

  private SystemdLab() {}

  /** Skips the calling test unless the systemd container runs; returns it as a command runner. */
  static synchronized CommandRunner require() {
    if (socketDirectory == null && unavailable == null) {
      probe();
    }
    if (unavailable != null) {
      if (!warned) {
        warned = true;
        System.err.println("[systemd ITs] SKIPPED: no systemd to test against: " + unavailable + "." + HOW);
      }
      abort("No systemd to test against: " + unavailable + "." + HOW);
    }
    return CommandRunner.dockerExec(CONTAINER);
  }

  private static void probe() {
    CommandRunner.Result info;
    try {
      info = CommandRunner.local().run(List.of("docker", "inspect", "--format",
          "{{.State.Running}} {{range .Mounts}}{{if eq .Destination \"/run/redis-tenant\"}}{{.Source}}{{end}}{{end}}",
          CONTAINER));
    } catch (TenancyException | UncheckedIOException e) { // LocalProcesses' way, or an older one's
      unavailable = "no docker command (" + e.getMessage() + ")";
      return;
    }
    if (!info.ok()) {
      unavailable = "container " + CONTAINER + " not found (" + info.stderr().strip() + ")";
      return;
    }
    String[] parts = info.stdout().strip().split(" ", 2);
    if (!parts[0].equals("true") || parts.length < 2 || !Files.isDirectory(Path.of(parts[1]))) {
      unavailable = "container " + CONTAINER + " is not running with /run/redis-tenant bind-mounted";
      return;
    }
    CommandRunner.Result state = CommandRunner.dockerExec(CONTAINER).run(List.of("systemctl", "is-system-running"));
    String s = state.stdout().strip();
    if (!s.equals("running") && !s.equals("degraded")) {
      unavailable = "systemd in " + CONTAINER + " is '" + s + "'";
      return;
    }
    socketDirectory = Path.of(parts[1]);
  }

  /** Backend settings for the lab: commands through docker exec, sockets through the bind mount. */
  static SystemdBackends.Systemd settings() {
    CommandRunner runner = require();
    return SystemdBackends.systemd().commandRunner(runner).clientSocketDirectory(socketDirectory);
  }

  /** Runs a command in the container; fails the test if it cannot be run at all. */
  static CommandRunner.Result exec(String... argv) {
    return require().run(List.of(argv));
  }

  /** Asserts that {@code systemd-analyze verify} finds nothing at all to say about the units. */
  static void assertVerified(String... unitFiles) {
    List<String> argv = new ArrayList<>(List.of("systemd-analyze", "verify"));
    argv.addAll(List.of(unitFiles));
    CommandRunner.Result verify = require().run(argv);
    assertThat(verify.exitCode()).as(verify.stderr()).isZero();
    assertThat(verify.stdout() + verify.stderr()).isEmpty();
  }

  /**
   * The overall exposure {@code systemd-analyze security --offline=true} rates the unit with; the
   * caller holds it to a threshold ({@code --threshold=100}, the scale's top, only lets it report).
   */
  static double exposure(String unitFile) {
    CommandRunner.Result security = exec("systemd-analyze", "security", "--offline=true", "--threshold=100",
        "--no-pager", unitFile);
    assertThat(security.exitCode()).as(security.stdout() + security.stderr()).isZero();
    String overall = security.stdout().lines().filter(l -> l.contains("Overall exposure level")).findFirst().orElseThrow();
    return Double.parseDouble(overall.replaceAll(".*: ([0-9.]+) .*", "$1"));
  }
}
