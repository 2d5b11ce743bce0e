package io.redistenancy.testkit.internal;

import io.redistenancy.internal.Checked;
import io.redistenancy.TenancyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code Isolation.FLUSHED}: one server per settings for the run, held by one test at a time. It is a
 * pool without spares (so it keeps its single instance, reset between holders) behind a fair
 * semaphore (so holders take turns in arrival order).
 */
final class FlushedServer implements IsolationStrategy {
  private final InstancePool pool;
  private final Semaphore turn = new Semaphore(1, true);
  private volatile String holder = "";

  FlushedServer(InstancePool pool) {
    this.pool = pool;
  }

  @Override
  public PooledInstance acquire(String who, Duration timeout) {
    try {
      if (!turn.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TenancyException(who + " waited " + timeout + " for the FLUSHED Redis server, which " + holder
            + " still holds. FLUSHED serves one test at a time: use Isolation.DEDICATED for tests that run in "
            + "parallel or hold the server long");
      }
    } catch (InterruptedException e) {
      throw Checked.interrupted("waiting for the FLUSHED Redis server", e);
    }
    try {
      PooledInstance instance = pool.acquire(timeout);
      holder = who;
      return instance;
    } catch (RuntimeException e) {
      turn.release();
      throw e;
    }
  }

  @Override
  public void release(PooledInstance instance) {
    try {
      pool.release(instance);
    } finally {
      holder = "";
      turn.release();
    }
  }
}
