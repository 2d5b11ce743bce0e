package io.redistenancy.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way the library makes threads: daemon threads (a library must never keep its host's JVM
 * alive) named {@code redis-tenancy-PURPOSE-N}, so a thread dump says what each one is for.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads named {@code redis-tenancy-PURPOSE-N}. */
  public static ThreadFactory named(String purpose) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "redis-tenancy-" + purpose + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A scheduler of {@code threads} daemon threads that forgets cancelled tasks at once (periodic
   * tasks of deleted tenants must not pile up in its queue).
   */
  public static ScheduledThreadPoolExecutor scheduler(String purpose, int threads) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, named(purpose));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }
}
