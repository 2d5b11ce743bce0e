package io.redistenancy.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second Docker engine of this test's own (its socket, data root and exec root under /var/tmp and
 * /run), so that restarting it disturbs no other test using the machine's engine. It gets a bridge
 * interface of its own and no iptables rules: never {@code --bridge none}, with which dockerd deletes
 * the machine's {@code docker0} and so breaks the shared engine's networking.
 */
final class PrivateDockerd implements AutoCloseable {
  /** A private address range for its bridge; the test fails, rather than overlap, if a route has it. */
  private static final String BRIDGE_ADDRESS = "10.231.77.1/24";
  private static final String BRIDGE_NET = "10.231.77.0/24";

  private final Path root;
  private final Path execRoot;
  private final Path log;
  private final String bridge;
  private final List<String> extraArgs;
  private Process process;

  private PrivateDockerd(Path root, Path execRoot, List<String> extraArgs) {
    this.root = root;
    this.execRoot = execRoot;
    this.extraArgs = List.copyOf(extraArgs);
    this.log = root.resolve("dockerd.log");
    this.bridge = "rtd" + Long.toHexString(ProcessHandle.current().pid()); // at most 15 characters
  }

  /** Skips the calling test, with the reason, unless the machine's engine and a private one can run. */
  static void assumeUsable() throws IOException {
    try (var machine = DockerTestSupport.dockerClient()) {
      DockerTestSupport.assumeAvailable(DockerTestSupport.unavailableReason(machine));
    }
    DockerTestSupport.assumeAvailable(unavailableReason());
  }

  /** Why a private engine cannot run here (not root, no dockerd), or null if it can. */
  static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "a second dockerd needs root";
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "dockerd"))) {
        return null;
      }
    }
    return "no dockerd on PATH";
  }

  /** Starts one, waits until it answers, and loads {@code image} from the machine's engine into it. */
  static PrivateDockerd start(String image) throws IOException, InterruptedException {
    return start(image, List.of());
  }

  /** The same, with more dockerd arguments (e.g. a TLS listener next to its socket). */
  static PrivateDockerd start(String image, List<String> extraArgs) throws IOException, InterruptedException {
    Path root = Files.createTempDirectory(Path.of("/var/tmp"), "rt-dockerd-");
    // short: containerd's socket path under the exec root must fit in a UNIX socket address
    Path execRoot = Files.createTempDirectory(Path.of("/run"), "rtd-");
    PrivateDockerd dockerd = new PrivateDockerd(root, execRoot, extraArgs);
    try {
      dockerd.shell("if ip route | grep -q \"^$1 \"; then echo \"$1 is routed already\"; exit 1; fi; "
          + "ip link add \"$0\" type bridge && ip addr add \"$2\" dev \"$0\" && ip link set \"$0\" up",
          dockerd.bridge, BRIDGE_NET, BRIDGE_ADDRESS);
      dockerd.startProcess();
      String load = "docker save \"$0\" | docker -H \"$1\" load";
      dockerd.shell(load, image, dockerd.host());
      return dockerd;
    } catch (IOException | InterruptedException | RuntimeException e) {
      dockerd.close();
      throw e;
    }
  }

  /** Its socket as a DOCKER_HOST value. */
  String host() {
    return "unix://" + execRoot.resolve("docker.sock");
  }

  /** Stops the engine (SIGTERM: it stops its containers) and starts it again; returns the downtime. */
  Duration restart() throws IOException, InterruptedException {
    long start = System.nanoTime();
    stopProcess();
    startProcess();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void startProcess() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dockerd", "--host", host(), "--data-root",
        root.resolve("data").toString(), "--exec-root", execRoot.resolve("exec").toString(), "--pidfile",
        execRoot.resolve("dockerd.pid").toString(), "--bridge", bridge, "--iptables=false", "--ip-masq=false",
        "--ip6tables=false"));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!shellOk("docker -H \"$0\" version >/dev/null 2>&1", host())) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the private dockerd did not come up; log:\n" + tail());
      }
      Thread.sleep(100);
    }
  }

  private void stopProcess() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private void shell(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("'" + script + "' failed: " + out.strip());
    }
  }

  private boolean shellOk(String script, String... args) throws IOException, InterruptedException {
    try {
      shell(script, args);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Removes its containers, stops it and deletes its directories. */
  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        shellOk("ids=$(docker -H \"$0\" ps -aq); [ -z \"$ids\" ] || docker -H \"$0\" rm -f $ids", host());
      }
      stopProcess();
      shellOk("umount -R \"$0\"/exec 2>/dev/null; umount -R \"$1\"/data 2>/dev/null; rm -rf \"$0\" \"$1\"",
          execRoot.toString(), root.toString());
      shellOk("ip link del \"$0\" 2>/dev/null; true", bridge);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
