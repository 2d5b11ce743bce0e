package io.redistenancy.samples.quickstart;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes resources from a JVM shutdown hook, because Ctrl-C (SIGINT/SIGTERM) skips finally blocks:
 * without it a temporary home would stay behind. Closing this deregisters the hook; resources are
 * closed in reverse order of {@link #add}, each at most once by either path.
 */
final class ShutdownCleanup implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Thread hook = new Thread(this::closeAll, "quickstart-cleanup");

  ShutdownCleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Whether the JVM is shutting down (a signal, or System.exit elsewhere). */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("cleanup: " + e.getMessage());
      }
    }
  }

  /** The normal path: resources were closed by try-with-resources; only the hook goes. */
  @Override
  public synchronized void close() {
    resources.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs now and does the cleanup
    }
  }
}
