package io.redistenancy.internal;

import io.redistenancy.spi.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One reentrant lock per tenant: operations on one tenant are serialized, different tenants run in
 * parallel. The engine holds one around every operation; a backend holds its own where something other
 * than the engine (a fleet operation of its module) also changes its instances.
 */
public final class TenantLocks {
  private final ConcurrentHashMap<TenantId, ReentrantLock> locks = new ConcurrentHashMap<>();

  public <T> T with(TenantId id, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  public void with(TenantId id, Runnable action) {
    with(id, () -> {
      action.run();
      return null;
    });
  }
}
