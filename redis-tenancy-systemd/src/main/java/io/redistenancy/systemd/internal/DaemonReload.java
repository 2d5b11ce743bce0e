package io.redistenancy.systemd.internal;

import java.util.function.Supplier;

/**
 * {@code systemctl daemon-reload}, batched: callers that need a reload while one runs share the next
 * one, so a fleet operation on N tenants in parallel costs a few reloads, not N. A reload that
 * starts after a caller's request always covers that caller's file changes.
 */
final class DaemonReload {
  private final Supplier<String> reload;
  private long requested;
  private long completed;
  private boolean running;
  private String lastFailure;
  private long lastFailureGeneration = -1;
  private int reloads;

  /** {@code reload} runs one reload and returns null, or a failure message. */
  DaemonReload(Supplier<String> reload) {
    this.reload = reload;
  }

  /**
   * Returns once a reload that began after this call has finished.
   *
   * @return null, or why that reload failed
   */
  String await() throws InterruptedException {
    long target;
    synchronized (this) {
      long mine = ++requested;
      while (true) {
        if (completed >= mine) {
          return lastFailureGeneration >= mine ? lastFailure : null;
        }
        if (!running) {
          running = true;
          target = requested;
          break;
        }
        wait();
      }
    }
    String failure = null;
    try {
      failure = reload.get();
    } catch (RuntimeException e) {
      failure = e.getMessage();
    } finally {
      synchronized (this) {
        running = false;
        completed = target;
        reloads++;
        if (failure != null) {
          lastFailure = failure;
          lastFailureGeneration = target;
        }
        notifyAll();
      }
    }
    return failure;
  }

  /** How many reloads ran: for tests of the batching. */
  synchronized int reloads() {
    return reloads;
  }
}
