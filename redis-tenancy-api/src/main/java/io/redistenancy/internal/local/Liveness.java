package io.redistenancy.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a process still runs, for processes this JVM may not be the parent of. {@link
 * ProcessHandle#isAlive()} counts a zombie as alive, and an orphan that exits stays a zombie wherever
 * PID 1 does not reap (many containers); {@link ProcessHandle#onExit()} then never completes. So
 * adopted processes are polled here, reading the state from {@code /proc} where there is one.
 */
final class Liveness {
  private static final long MAX_POLL_MILLIS = 50;

  private Liveness() {}

  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String[] fields = statFields(process.pid());
      char state = fields.length > 0 && !fields[0].isEmpty() ? fields[0].charAt(0) : 'R';
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return !Files.isDirectory(Path.of("/proc/self")) && process.isAlive(); // no /proc: trust isAlive
    } catch (IOException e) {
      return process.isAlive();
    }
  }

  /**
   * The kernel's start time of {@code pid} (field 22 of {@code /proc/PID/stat}, clock ticks since boot):
   * with the pid, it names one process for its whole life. 0 where there is no {@code /proc} or the
   * process is gone.
   */
  static long startTicks(long pid) {
    try {
      String[] fields = statFields(pid);
      return fields.length > 19 ? Long.parseLong(fields[19]) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** The fields of {@code /proc/PID/stat} after the command name (which may hold spaces and parentheses). */
  private static String[] statFields(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    int end = stat.lastIndexOf(')');
    return end > 0 && end + 2 < stat.length() ? stat.substring(end + 2).trim().split(" ") : new String[0];
  }

  /** Waits until {@code process} no longer runs; returns false if it still runs after the timeout. */
  static boolean awaitExit(ProcessHandle process, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    long pause = 2;
    while (running(process)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(pause);
      pause = Math.min(MAX_POLL_MILLIS, pause * 2);
    }
    return true;
  }
}
