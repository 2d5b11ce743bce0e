package io.redistenancy.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One owner's tasks on a scheduler it shares with others (the engine's): the owner's {@code close()}
 * cancels all of them at once and leaves the scheduler, which is not its to shut down, running. Once
 * closed it refuses new tasks with {@link RejectedExecutionException}, as a shut-down executor does.
 * Tasks must be short (see {@code BackendContext.scheduler()}). Thread-safe.
 */
public final class ScheduledTasks implements Executor, AutoCloseable {
  private final ScheduledExecutorService scheduler;
  private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public ScheduledTasks(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Runs {@code task} once, {@code delay} from now. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return track(() -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} {@code initialDelay} from now, then {@code delay} after each run ends. */
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
    return track(() -> scheduler.scheduleWithFixedDelay(task, initialDelay.toMillis(), delay.toMillis(),
        TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} soon, on the scheduler. */
  @Override
  public void execute(Runnable task) {
    schedule(task, Duration.ZERO);
  }

  public boolean isClosed() {
    return closed;
  }

  private ScheduledFuture<?> track(java.util.function.Supplier<ScheduledFuture<?>> submit) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    pending.removeIf(Future::isDone); // one-shot tasks that ran: the set holds what may still run
    ScheduledFuture<?> future = submit.get();
    pending.add(future);
    if (closed) { // close() ran meanwhile and may have missed it
      future.cancel(false);
    }
    return future;
  }

  /** Cancels every task not yet run; one that runs now finishes its run. */
  @Override
  public void close() {
    closed = true;
    pending.forEach(f -> f.cancel(false));
    pending.clear();
  }
}
