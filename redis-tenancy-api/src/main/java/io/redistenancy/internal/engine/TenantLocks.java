package io.redistenancy.internal.engine;

import io.redistenancy.spi.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per tenant: operations on one tenant are serialized, different tenants run in parallel. */
final class TenantLocks {
  private final ConcurrentHashMap<TenantId, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(TenantId id, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  void with(TenantId id, Runnable action) {
    with(id, () -> {
      action.run();
      return null;
    });
  }
}
