package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.Lifecycle;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.BackendContext;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every tenant's {@link TenantProcess} shares within one backend.
 *
 * @param watchdog present for {@link Lifecycle#ATTACHED} backends only
 * @param supervisor runs exit callbacks and delayed restarts, never a caller's thread
 */
record Services(BackendContext context, Backends.Local settings, RedisBinary binary, RedisLauncher launcher,
    PortAllocator ports, Optional<Watchdog> watchdog, ScheduledExecutorService supervisor) {

  boolean attached() {
    return settings.lifecycle() == Lifecycle.ATTACHED;
  }
}
