package io.redistenancy.testkit.internal;

import java.time.Duration;

/**
 * How a holder (a test, a class, the run) gets an instance and gives it back: one implementation per
 * {@link io.redistenancy.testkit.Isolation} mode, one object per settings.
 *
 * <p>This is the extension point for the planned ACL mode: an implementation that acquires an ACL
 * user with a key prefix on one shared pooled server (from the library's shared-ACL backend) and, on
 * release, deletes the user's keys and the user. It would hand out the same {@link PooledInstance}
 * shape (tenant, connection details), so parameter injection, scopes and leak checks stay as they are.
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
