package io.redistenancy.internal.engine;

import io.redistenancy.MemorySize;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.redis.InfoParser;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The status of every tenant in one call: {@value #PARALLELISM} tenants at a time on a pool of its own
 * (a status is mostly waiting for an instance's reply), each bounded by a timeout counted from when its
 * read starts. At the timeout the read is interrupted, which closes its connection (admin connections
 * are interruptible channels: a UNIX socket has no read timeout of its own), and the tenant is reported
 * FAILED with the reason; a tenant that cannot be read at all is reported the same way.
 */
final class FleetStatus implements AutoCloseable {
  static final int PARALLELISM = 8;

  private final TenantOperations operations;
  private final ScheduledExecutorService timers;
  private final ThreadPoolExecutor readers = new ThreadPoolExecutor(PARALLELISM, PARALLELISM, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), DaemonThreads.named("status"));

  FleetStatus(TenantOperations operations, ScheduledExecutorService timers) {
    this.operations = operations;
    this.timers = timers;
    readers.allowCoreThreadTimeOut(true); // an idle tenancy keeps no threads for this
  }

  /** Every tenant's status, sorted by name; tenants deleted meanwhile are left out. */
  List<TenantStatus> all(Duration timeout) {
    List<TenantId> ids = operations.ids();
    List<TimedRead> reads = new ArrayList<>(ids.size());
    for (TenantId id : ids) {
      TimedRead read = new TimedRead(id, timeout);
      reads.add(read);
      readers.execute(read);
    }
    List<TenantStatus> statuses = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      outcome(ids.get(i), reads.get(i), timeout).ifPresent(statuses::add);
    }
    return statuses;
  }

  private Optional<TenantStatus> outcome(TenantId id, TimedRead read, Duration timeout) {
    try {
      return Optional.of(read.get());
    } catch (CancellationException e) {
      return unreadable(id, "its instance did not answer the status read within " + timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TenantNotFoundException) {
        return Optional.empty();
      }
      return unreadable(id, "its status could not be read: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.cancel(true);
      return unreadable(id, "the status call was interrupted");
    }
  }

  private Optional<TenantStatus> unreadable(TenantId id, String reason) {
    MemorySize maxMemory = operations.find(id).map(r -> r.effectivePlan().maxMemory()).orElse(null);
    if (maxMemory == null) {
      return Optional.empty(); // deleted meanwhile
    }
    return Optional.of(InfoParser.notRunning(id.value(), TenantState.FAILED, maxMemory, Optional.of(reason)));
  }

  /** One tenant's status read, cancelled (its thread interrupted) {@code timeout} after it starts. */
  private final class TimedRead extends FutureTask<TenantStatus> {
    private final Duration timeout;

    TimedRead(TenantId id, Duration timeout) {
      super(() -> operations.status(id));
      this.timeout = timeout;
    }

    @Override
    public void run() {
      ScheduledFuture<?> deadline = timers.schedule(() -> cancel(true), timeout.toNanos(), TimeUnit.NANOSECONDS);
      try {
        super.run();
      } finally {
        deadline.cancel(false);
      }
    }
  }

  @Override
  public void close() {
    readers.shutdownNow();
  }
}
