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
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'R';
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return !Files.isDirectory(Path.of("/proc/self")) && process.isAlive(); // no /proc: trust isAlive
    } catch (IOException e) {
      return process.isAlive();
    }
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
