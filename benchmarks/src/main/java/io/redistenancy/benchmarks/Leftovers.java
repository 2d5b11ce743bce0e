package io.redistenancy.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark must not leave behind when it is interrupted (Ctrl-C skips finally blocks). On
 * JVM shutdown: closes the registered resources, newest first (a tenancy stops its instances and
 * refuses new ones, a temporary directory deletes itself), then stops any process this JVM still has.
 * A normal run has closed everything before; registered resources must tolerate a second close.
 */
public final class Leftovers {
  private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Leftovers::closeAll, "benchmark-leftovers"));
  }

  private Leftovers() {}

  /** Closes {@code resource} at shutdown unless {@link #forget} was called first. */
  public static synchronized <T extends AutoCloseable> T closeOnShutdown(T resource) {
    OPEN.push(resource);
    return resource;
  }

  public static synchronized void forget(AutoCloseable resource) {
    OPEN.remove(resource);
  }

  /** Whether the JVM is shutting down, e.g. after Ctrl-C: failures then are the interruption's. */
  public static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private static synchronized void closeAll() {
    while (!OPEN.isEmpty()) {
      AutoCloseable resource = OPEN.pop();
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("cleanup of " + resource + ": " + e.getMessage());
      }
    }
    stop(ProcessHandle.current().descendants().toList());
  }

  /**
   * SIGTERM to every process, then SIGKILL to any still there after 5 s: all signalled first, then
   * awaited (one by one, a thousand processes would take minutes on a loaded machine).
   */
  public static void stop(java.util.List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
