package io.redistenancy.testkit.internal;

import java.time.Duration;

/**
 * How a holder (a test, a class, the run) gets an instance and gives it back: a pool with spares, or a
 * FLUSHED server taken in turns; one object per settings and {@link io.redistenancy.testkit.Isolation}.
 *
 * <p>{@code SHARED_SERVER} needs no strategy of its own: it is {@link #dedicated(InstancePool)} over a
 * pool whose tenancy is the shared-servers tenancy of {@link SharedServerHost}, so its instances are
 * ACL users (reset: their keys deleted, their clients disconnected) and injection, scopes and leak
 * checks stay as they are.
 */
interface IsolationStrategy {
  /**
   * An instance for {@code who} (a display name, for messages), ready for its first command.
   *
   * @throws io.redistenancy.TenancyException if none is ready within {@code timeout}
   */
  PooledInstance acquire(String who, Duration timeout);

  /** Gives the instance back; it is made pristine before anyone else gets it. */
  void release(PooledInstance instance);

  /** {@code Isolation.DEDICATED}: a warm pool with spares; any number of holders at once. */
  static IsolationStrategy dedicated(InstancePool pool) {
    return new IsolationStrategy() {
      @Override
      public PooledInstance acquire(String who, Duration timeout) {
        return pool.acquire(timeout);
      }

      @Override
      public void release(PooledInstance instance) {
        pool.release(instance);
      }
    };
  }
}
