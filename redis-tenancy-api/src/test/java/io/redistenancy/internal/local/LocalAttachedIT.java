package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACHED instances end with the JVM even when it is killed with SIGKILL. */
class LocalAttachedIT {
  @TempDir
  static Path root;

  @AfterAll
  static void noLeftovers() throws IOException {
    Processes.assertNoneLeftUnder(root);
  }

  @Test
  void instancesDieWithAKilledJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path log = root.resolve("child.log");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AttachedChild.class.getName(), root.resolve("home").toString())
        .redirectError(log.toFile())
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String pidsLine = out.readLine();
      String watchdogLine = out.readLine();
      assertThat(pidsLine).as("child output; its log: %s", readQuietly(log)).startsWith("PIDS ");
      List<Long> pids = Arrays.stream(pidsLine.substring(5).split(" ")).map(Long::parseLong).toList();
      long watchdog = Long.parseLong(watchdogLine.substring("WATCHDOG ".length()));
      assertThat(pids).hasSize(2).allMatch(Processes::running);
      assertThat(Processes.running(watchdog)).isTrue();

      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

      for (long pid : pids) {
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(10))).as("redis-server %s ended", pid).isTrue();
      }
      assertThat(Processes.awaitGone(watchdog, Duration.ofSeconds(5))).as("the watchdog exits too").isTrue();
    } finally {
      child.destroyForcibly();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
