package io.redistenancy.internal.local;

import io.redistenancy.Lifecycle;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.BackendContext;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What every tenant's {@link TenantProcess} shares within one backend.
 *
 * @param watchdog present for {@link Lifecycle#ATTACHED} backends only
 * @param supervisor this backend's tasks on the engine's scheduler: exit callbacks, polls of adopted
 *     processes and restart delays, never a caller's thread
 * @param restarts runs the restarts themselves, on a thread of their own: one can wait up to a minute
 *     for its process to answer, which must not hold up the engine's scheduler
 */
record Services(BackendContext context, LocalSettings settings, RedisBinary binary, RedisLauncher launcher,
    PortAllocator ports, Optional<Watchdog> watchdog, ScheduledTasks supervisor, ExecutorService restarts) {

  boolean attached() {
    return settings.attached();
  }
}
