package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Looks at real processes through ProcessHandle and /proc (Linux). */
final class Processes {
  private Processes() {}

  /** Alive and not a zombie: a killed child of a dead parent may linger unreaped. */
  static boolean running(long pid) {
    if (pid <= 0 || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException e) {
      return false;
    }
  }

  /** The session id of a process (field 6 of /proc/PID/stat). */
  static long sessionId(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[3]);
  }

  static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!running(pid)) {
        return true;
      }
      Thread.sleep(20);
    }
    return !running(pid);
  }

  /**
   * Running processes whose working directory is under {@code root}: redis-server chdirs to its data
   * directory, so these are the instances (and wrapper scripts) the tests started there.
   */
  static List<ProcessHandle> under(Path root) throws IOException {
    Path real = root.toRealPath();
    return ProcessHandle.allProcesses()
        .filter(p -> running(p.pid()))
        .filter(p -> {
          try {
            return Path.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString()
                .replace(" (deleted)", "")).startsWith(real);
          } catch (IOException | RuntimeException e) {
            return false;
          }
        })
        .toList();
  }

  /** The leak check every IT class runs after all: kills leftovers, then fails naming them. */
  static void assertNoneLeftUnder(Path root) throws IOException {
    List<ProcessHandle> left = under(root);
    List<String> described = left.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    left.forEach(ProcessHandle::destroyForcibly);
    assertThat(described).as("processes left running under %s", root).isEmpty();
  }
}
