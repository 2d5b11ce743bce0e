package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real test JVM killed with {@code kill -9} while it holds an instance (and the pool's warm spares)
 * and a user on the SHARED_SERVER server:
 * no redis-server of it survives, and the next JVM's testkit deletes its directory at start.
 */
class KillNineIT {
  @TempDir Path parent;

  @Test
  void killedJvmLeavesNoServerAndTheNextStartSweepsIt() throws Exception {
    Process child = ChildTestJvm.command(parent, "hold").start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    Path directory = null;
    Path sockets = null;
    int sharedPort = 0;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("HOLDING ")) {
        String[] paths = line.split(" ");
        directory = Path.of(paths[1]);
        sockets = Path.of(paths[2]);
        sharedPort = Integer.parseInt(paths[3]);
        break;
      }
    }
    assertThat(directory).as("the child JVM held an instance (its output is in the test log)").isNotNull();
    assertThat(directory.getParent()).isEqualTo(parent);
    List<ProcessHandle> servers = new ArrayList<>(redisServersBelow(sockets));
    List<ProcessHandle> shared = redisServersOn(sharedPort);
    assertThat(shared).as("the SHARED_SERVER server runs on port %s", sharedPort).hasSize(1);
    servers.addAll(shared);
    System.err.println("KillNineIT: the child runs " + servers.stream().map(KillNineIT::cmdline).collect(Collectors.toList()));
    assertThat(servers).as("the held instance and the warm spares run").isNotEmpty();

    Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(child.pid())}).waitFor();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(137);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (servers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(servers.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toList()))
        .as("redis-servers of the killed JVM still running").isEmpty();
    assertThat(redisServersBelow(sockets)).isEmpty();
    // (not "nothing on sharedPort": once free, another test JVM's TLS instance may take that port)
    assertThat(directory).as("a kill -9 runs no cleanup: the directory is left for the next start").exists();

    Process next = ChildTestJvm.command(parent, "start").redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("STARTED");
    assertThat(next.exitValue()).isZero();
    assertThat(directory).as("swept by the next JVM's testkit").doesNotExist();
    try (var left = Files.list(parent)) {
      assertThat(left.collect(Collectors.toList())).as("the next JVM cleaned up after itself too").isEmpty();
    }
  }

  /**
   * redis-server processes whose title names a path below {@code directory}. Redis rewrites its
   * /proc/PID/cmdline ("redis-server unixsocket:PATH"), which ProcessHandle.Info does not report.
   */
  private static List<ProcessHandle> redisServersBelow(Path directory) {
    return ProcessHandle.allProcesses()
        .filter(p -> cmdline(p).contains("redis-server") && cmdline(p).contains(directory.toString()))
        .collect(Collectors.toList());
  }

  /** The redis-server listening on 127.0.0.1:port (its title names the address). */
  private static List<ProcessHandle> redisServersOn(int port) {
    return ProcessHandle.allProcesses()
        .filter(p -> cmdline(p).contains("redis-server") && cmdline(p).contains("127.0.0.1:" + port))
        .collect(Collectors.toList());
  }

  private static String cmdline(ProcessHandle process) {
    try {
      // Latin-1 decodes any bytes; Redis pads its rewritten title
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
          StandardCharsets.ISO_8859_1).replace('\0', ' ');
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
