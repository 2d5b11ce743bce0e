package io.redistenancy.systemd.internal;

import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackendProvider;
import io.redistenancy.systemd.SystemdBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Offers the systemd backend to ServiceLoader discovery. Its priority is below the local backend's:
 * it creates system users and units, which nobody should get without asking for it by name.
 */
public final class SystemdBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "systemd";
  }

  @Override
  public int priority() {
    return -10;
  }

  @Override
  public Optional<String> unavailableReason() {
    return reason(Path.of("/"), System.getenv("PATH"), System.getProperty("user.name"));
  }

  /** Why the backend cannot work on the machine whose root is {@code root}; checked in this order. */
  static Optional<String> reason(Path root, String path, String user) {
    boolean systemctl = path != null && java.util.Arrays.stream(path.split(":"))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isExecutable(root.resolve(dir.substring(1)).resolve("systemctl")));
    if (!systemctl) {
      return Optional.of("no systemctl on PATH: install systemd, or use another backend");
    }
    if (!Files.isDirectory(root.resolve("run/systemd/system")) || !isSystemd(root.resolve("proc/1/comm"))) {
      return Optional.of("systemd is not PID 1 on this machine (no /run/systemd/system): in a container or "
          + "chroot use the docker or local backend, or point a SystemdBackends.systemd().commandRunner(…) at "
          + "a machine that runs systemd");
    }
    if (!"root".equals(user)) {
      return Optional.of("the JVM runs as '" + user + "', not root: creating units and system users needs root");
    }
    return Optional.empty();
  }

  private static boolean isSystemd(Path comm) {
    try {
      return Files.readString(comm).strip().equals("systemd");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public BackendFactory factory() {
    return SystemdBackends.systemd();
  }
}
