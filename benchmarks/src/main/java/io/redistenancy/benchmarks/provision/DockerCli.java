package io.redistenancy.benchmarks.provision;

import io.redistenancy.benchmarks.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: {@code docker run -d} through the CLI with the image and the hardening flags the
 * library's own containers carry (read-only root, every capability dropped, no-new-privileges, pids
 * and memory limits from a probe tenant's container, tmpfs, no network, the same mounts and user),
 * then PING on the bind-mounted UNIX socket. Directory and redis.conf are prepared before the clock
 * starts; the container is removed after it stops.
 */
final class DockerCli implements Contender {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String image;
  private final ContainerShape shape;
  private final TempDir root = TempDir.create("rtb-cli-");
  private final List<String> leftovers = new ArrayList<>();
  private int counter;

  /** What the CLI run copies from the library's container, read with {@code docker inspect}. */
  record ContainerShape(long memory, long pidsLimit, String user) {
    static ContainerShape of(String containerId) {
      String[] parts = DockerCli.docker("inspect", "--format",
          "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.Config.User}}", containerId).strip().split(" ");
      return new ContainerShape(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
    }
  }

  DockerCli(String image, ContainerShape shape) {
    this.image = image;
    this.shape = shape;
  }

  @Override
  public String name() {
    return "docker run (CLI)";
  }

  @Override
  public String measures() {
    return "`docker run -d` with the same image, user, mounts and hardening flags (--read-only --cap-drop ALL "
        + "--security-opt no-new-privileges --pids-limit " + shape.pidsLimit() + " --memory = --memory-swap "
        + shape.memory() / (1024 * 1024) + "m --tmpfs /tmp --network none --restart unless-stopped), then PING on "
        + "the bind-mounted socket every " + Ping.POLL.toNanos() / 1000 + " us";
  }

  @Override
  public long startToPingNanos() {
    String name = "rtb-cli-" + ProcessHandle.current().pid() + "-" + counter++;
    Path dir = prepare(name);
    long start = System.nanoTime();
    leftovers.add(name);
    docker(runCommand(name, dir).toArray(String[]::new));
    long elapsed = Ping.await(UnixDomainSocketAddress.of(dir.resolve("run/redis.sock")), start, TIMEOUT, () -> true);
    remove(name);
    TempDir.delete(dir);
    return elapsed;
  }

  private List<String> runCommand(String name, Path dir) {
    String memory = Long.toString(shape.memory());
    return List.of("run", "-d", "--name", name, "--user", shape.user(),
        "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "--pids-limit", Long.toString(shape.pidsLimit()), "--memory", memory, "--memory-swap", memory,
        "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=16m", "--ipc", "private", "--network", "none",
        "--restart", "unless-stopped", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
        "--stop-signal", "SIGTERM", "--workdir", "/data",
        "-v", dir.resolve("conf") + ":/etc/redis-tenancy:ro",
        "-v", dir.resolve("data") + ":/data",
        "-v", dir.resolve("run") + ":/run/redis-tenancy",
        "--entrypoint", "redis-server", image, "/etc/redis-tenancy/redis.conf");
  }

  /** conf/redis.conf (socket only, no persistence), data/ and run/ owned by the container user. */
  private Path prepare(String name) {
    Path dir = root.path().resolve(name);
    try {
      Files.createDirectories(dir.resolve("conf"));
      Files.writeString(dir.resolve("conf/redis.conf"), String.join("\n", "port 0",
          "unixsocket /run/redis-tenancy/redis.sock", "unixsocketperm 600", "dir /data", "save \"\"",
          "appendonly no", "daemonize no", ""));
      Files.setPosixFilePermissions(dir.resolve("conf/redis.conf"), PosixFilePermissions.fromString("rw-r--r--"));
      for (String sub : List.of("data", "run")) {
        Path p = Files.createDirectory(dir.resolve(sub), PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        String[] ids = shape.user().split(":");
        Files.setAttribute(p, "unix:uid", Integer.parseInt(ids[0]));
        Files.setAttribute(p, "unix:gid", Integer.parseInt(ids.length > 1 ? ids[1] : ids[0]));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  private void remove(String name) {
    docker("rm", "-f", name);
    leftovers.remove(name);
  }

  @Override
  public void close() {
    for (String name : List.copyOf(leftovers)) {
      try {
        remove(name);
      } catch (RuntimeException e) {
        System.err.println("cleanup of container " + name + ": " + e.getMessage());
      }
    }
    root.close();
  }

  /** Runs the docker CLI and returns its output; fails with its output if it exits non-zero. */
  static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("docker " + args[0] + " failed: " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the docker CLI", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running docker " + args[0], e);
    }
  }
}
