package io.redistenancy.internal.external;

import io.redistenancy.MemorySize;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared backend's own quota checks: every interval, each reachable server's keyspace is swept
 * on ({@link KeyspaceSweep}) for at most {@link #budget} per server, and when a sweep is complete every
 * tenant of the server with a known quota is held to read-and-delete or let write again
 * ({@link Quotas#enforceIfIdle}). So a tenant nobody asks about cannot grow past its quota for longer
 * than a sweep takes. A failing check never throws: an unreachable server is marked down (logged once
 * per outage) and its sweep starts over once it answers again; any other failure is logged once until
 * a check of that server succeeds.
 */
final class QuotaWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuotaWatch.class);
  /** The most one check spends sweeping one server, however long the interval. */
  static final Duration MAX_BUDGET = Duration.ofSeconds(2);

  private final List<SharedServer> servers;
  private final Function<TenantId, SharedServer> placement;
  private final Quotas quotas;
  private final Consumer<SharedServer> revive;
  private final int samples;
  private final Duration interval;
  private final Duration budget;
  private final Map<SharedServer, KeyspaceSweep> sweeps = new HashMap<>();
  /** Servers whose last check failed other than by being unreachable: logged once until one succeeds. */
  private final Set<SharedServer> failing = ConcurrentHashMap.newKeySet();
  /** The checks, on the engine's scheduler. */
  private final ScheduledTasks timer;
  /** Held by the check under way, so {@link #close()} can wait for it. */
  private final ReentrantLock checking = new ReentrantLock();

  /**
   * @param placement the server of a tenant, or null where it has none
   * @param revive tries a server that is down again
   */
  QuotaWatch(List<SharedServer> servers, Function<TenantId, SharedServer> placement, Quotas quotas,
      Consumer<SharedServer> revive, int samples, Duration interval, ScheduledExecutorService scheduler) {
    this.servers = servers;
    this.placement = placement;
    this.quotas = quotas;
    this.revive = revive;
    this.samples = samples;
    this.interval = interval;
    this.timer = new ScheduledTasks(scheduler);
    this.budget = interval.dividedBy(2).compareTo(MAX_BUDGET) < 0 ? interval.dividedBy(2) : MAX_BUDGET;
  }

  /** Starts the checks, the first one an interval from now. */
  void start() {
    timer.scheduleWithFixedDelay(this::checkAll, interval, interval);
  }

  private void checkAll() {
    checking.lock();
    try {
      check();
    } finally {
      checking.unlock();
    }
  }

  /** One check of every server; one at a time (its task runs with a fixed delay), never after close. */
  private void check() {
    for (SharedServer server : servers) {
      if (timer.isClosed()) {
        return;
      }
      revive.accept(server);
      if (!server.isUp()) {
        sweeps.remove(server); // its keys may have changed meanwhile: the next sweep starts over
        continue;
      }
      try {
        check(server);
        if (failing.remove(server)) {
          LOG.info("quota checks of {} work again", server);
        }
      } catch (IOException e) {
        server.markDown(e);
        sweeps.remove(server);
      } catch (RuntimeException e) {
        sweeps.remove(server);
        if (failing.add(server)) {
          LOG.warn("quota check of {} failed (tried again every interval; logged once until it works): {}", server,
              e.toString());
        }
      }
    }
  }

  private void check(SharedServer server) throws IOException {
    KeyspaceSweep sweep = sweeps.get(server);
    if (sweep == null) {
      if (server.cluster()) {
        server.refreshTopology();
      }
      Set<String> tenants = watched(server).keySet().stream().map(TenantId::value).collect(Collectors.toSet());
      if (tenants.isEmpty()) {
        return;
      }
      sweep = new KeyspaceSweep(tenants, server.masters(), samples);
      sweeps.put(server, sweep);
    }
    Optional<Map<String, TenantKeys.Usage>> measured = sweep.advance(server, System.nanoTime() + budget.toNanos());
    if (measured.isEmpty()) {
      return; // goes on from its cursor at the next check
    }
    sweeps.remove(server);
    // the tenants with a quota now: one deleted during the sweep is left alone (and checked again by Quotas)
    for (Map.Entry<TenantId, MemorySize> tenant : watched(server).entrySet()) {
      TenantKeys.Usage usage = measured.get().get(tenant.getKey().value());
      if (usage != null) {
        quotas.enforceIfIdle(server, tenant.getKey(), MemorySize.ofBytes(usage.bytes()), tenant.getValue());
      }
    }
  }

  /** The tenants placed on {@code server} whose quota is known, in name order. */
  private Map<TenantId, MemorySize> watched(SharedServer server) {
    Map<TenantId, MemorySize> mine = new TreeMap<>();
    quotas.known().forEach((id, quota) -> {
      if (placement.apply(id) == server) {
        mine.put(id, quota);
      }
    });
    return mine;
  }

  /** Stops the checks; waits for one under way (at most a command's timeout past its budget). */
  @Override
  public void close() {
    timer.close();
    try {
      if (checking.tryLock(budget.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        checking.unlock();
      } else {
        LOG.warn("a quota check did not end in time; it stops at its next step");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
