package io.redistenancy.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action once, a delay after the first of any number of requests: requests during the wait
 * join that run, and a request made while it runs gets a run of its own (it may have changed what the
 * action writes). For work worth batching, such as saving files many changes touch.
 */
public final class CoalescedRun {
  private final ScheduledTasks tasks;
  private final Duration delay;
  private final Runnable action;
  private final AtomicBoolean pending = new AtomicBoolean();

  /** @param action runs on {@code tasks}' scheduler, or on the caller of {@link #runIfPending} */
  public CoalescedRun(ScheduledTasks tasks, Duration delay, Runnable action) {
    this.tasks = tasks;
    this.delay = delay;
    this.action = action;
  }

  /** @param action runs on {@code executor}, or on the caller of {@link #runIfPending} */
  public CoalescedRun(ScheduledExecutorService executor, Duration delay, Runnable action) {
    this(new ScheduledTasks(executor), delay, action);
  }

  /** Asks for a run within the delay. */
  public void request() {
    if (pending.compareAndSet(false, true)) {
      tasks.schedule(this::runIfPending, delay);
    }
  }

  /** Runs the action now if a run was asked for and has not started yet (e.g. on close). */
  public void runIfPending() {
    if (pending.getAndSet(false)) {
      action.run();
    }
  }
}
