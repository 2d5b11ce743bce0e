package io.redistenancy.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

  /**
   * Runs tasks one at a time, in order, on a thread of its own that ends when idle: for work that may
   * block for long (waiting for a process or a lock), which must not hold up a shared scheduler.
   */
  public static ExecutorService serial(String purpose) {
    return new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named(purpose));
  }
}
