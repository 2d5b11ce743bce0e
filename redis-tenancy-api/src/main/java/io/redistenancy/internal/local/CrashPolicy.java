package io.redistenancy.internal.local;

/**
 * Counts crashes in a row and says how long to wait before the next restart: 100 ms, doubling, at
 * most 5 s. More than {@code maxRestarts} crashes in a row give up; a process that ran for
 * {@link #STABLE_AFTER_MILLIS} before it crashed starts a new count. Not thread-safe: its owner
 * guards it.
 */
final class CrashPolicy {
  static final long STABLE_AFTER_MILLIS = 30_000;
  static final long FIRST_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  private final int maxRestarts;
  private int crashes;
  private long startedAtMillis;

  CrashPolicy(int maxRestarts) {
    this.maxRestarts = maxRestarts;
  }

  /** A deliberate start: earlier crashes no longer count. */
  void reset() {
    crashes = 0;
  }

  void started(long nowMillis) {
    startedAtMillis = nowMillis;
  }

  /** Records a crash at {@code nowMillis}; returns how many crashes in a row that makes. */
  int crashed(long nowMillis) {
    if (nowMillis - startedAtMillis >= STABLE_AFTER_MILLIS) {
      crashes = 0;
    }
    return ++crashes;
  }

  int crashes() {
    return crashes;
  }

  int maxRestarts() {
    return maxRestarts;
  }

  boolean givesUp() {
    return crashes > maxRestarts;
  }

  long backoffMillis() {
    return Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(Math.max(crashes - 1, 0), 16));
  }
}
