package io.redistenancy.systemd;

import io.redistenancy.systemd.internal.LocalProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seam through which the systemd backend touches the machine: it runs argument lists
 * ({@code systemctl}, {@code useradd}, {@code install} …), never a command line a shell would parse
 * from user text, and writes files by piping their content to a command's standard input. The same
 * backend code therefore runs on the host ({@link #local()}) or against a systemd in a container
 * ({@link #dockerExec(String)}).
 *
 * <p>Implementations are thread-safe. A non-zero exit is a {@link Result}, not an exception; an
 * exception means the command could not be run at all.
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs {@code argv} to completion.
   *
   * @param argv the program and its arguments
   * @param stdin what the command reads on its standard input (empty for nothing)
   * @throws io.redistenancy.TenancyException if the command cannot be started (the backend also
   *     takes an {@code UncheckedIOException} from a runner of its caller's for that)
   */
  Result run(List<String> argv, byte[] stdin);

  /** Runs {@code argv} with nothing on standard input. */
  default Result run(List<String> argv) {
    return run(argv, new byte[0]);
  }

  /** Runs commands on this machine, as the JVM's user (root, for systemd units and users). */
  static CommandRunner local() {
    return LocalProcesses::run;
  }

  /**
   * Runs commands inside a running container with {@code docker exec -i CONTAINER …}: for a systemd
   * that is PID 1 in a container, as in this module's integration tests.
   */
  static CommandRunner dockerExec(String container) {
    Objects.requireNonNull(container, "container");
    if (!container.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("container name '" + container + "' is not a Docker container name");
    }
    return (argv, stdin) -> {
      List<String> full = new ArrayList<>(List.of("docker", "exec", "-i", container));
      full.addAll(argv);
      return LocalProcesses.run(full, stdin);
    };
  }

  /**
   * What a command did.
   *
   * @param exitCode its exit status
   * @param stdout its standard output, UTF-8
   * @param stderr its standard error, UTF-8
   */
  record Result(int exitCode, String stdout, String stderr) {
    public Result {
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
    }

    public boolean ok() {
      return exitCode == 0;
    }
  }
}
