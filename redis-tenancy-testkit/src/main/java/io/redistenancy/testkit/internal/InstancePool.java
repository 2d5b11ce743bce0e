package io.redistenancy.testkit.internal;

import io.redistenancy.internal.Checked;
import io.redistenancy.Deletion;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenancyException;
import io.redistenancy.TenantRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Warm instances of one settings on one tenancy. Instances are created in the background, handed out
 * ready (they answered PING when created, and were reset since their last use), and reset in the
 * background when given back. Creation follows demand: a waiting taker with nothing ready and
 * nothing on the way starts a creation; after each hand-out the pool tops its spares back up.
 *
 * <p>An instance that cannot be reset, or whose plan a test changed ({@code resize}), is deleted and
 * replaced, so a taker always gets exactly the settings of this pool. Thread-safe.
 */
final class InstancePool implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(InstancePool.class.getName());

  private final String prefix;
  private final RedisTenancy tenancy;
  private final Settings.PlanRequest plan;
  private final boolean defaultPersistenceNone;
  private final boolean localLogs;
  private final int spares;
  private final Executor background;
  private final Consumer<PooledInstance> warmUp;
  private final ArrayDeque<PooledInstance> ready = new ArrayDeque<>();
  private final ConcurrentHashMap<String, PooledInstance> all = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private int creating;
  private int resetting;
  private int waiting;
  private volatile RuntimeException lastFailure;
  private volatile boolean closed;

  /**
   * @param defaultPersistenceNone persistence NONE unless the plan says otherwise
   * @param localLogs whether instances are local processes, whose logs can be read for failing tests
   * @param warmUp called for each instance before it is ready for a holder (opens its connection)
   */
  InstancePool(String prefix, RedisTenancy tenancy, Settings.PlanRequest plan, boolean defaultPersistenceNone,
      boolean localLogs, int spares, Executor background, Consumer<PooledInstance> warmUp) {
    this.prefix = prefix;
    this.tenancy = tenancy;
    this.plan = plan;
    this.defaultPersistenceNone = defaultPersistenceNone;
    this.localLogs = localLogs;
    this.spares = spares;
    this.background = background;
    this.warmUp = warmUp;
    synchronized (this) {
      topUp();
    }
  }

  /**
   * A ready instance, waiting for one for at most {@code timeout}.
   *
   * @throws TenancyException when instances cannot be created (with the reason and the instance's log)
   */
  PooledInstance acquire(Duration timeout) {
    PooledInstance instance;
    synchronized (this) {
      instance = ready.poll();
      if (instance == null) {
        instance = await(timeout);
      }
      topUp();
    }
    instance.handOut();
    return instance;
  }

  /**
   * Caller holds the monitor. Supply (ready + being created + being reset) is kept at least the number
   * of waiting takers plus the spares; every change of those counts happens under the monitor, so the
   * pool never creates an instance nobody is waiting for.
   */
  private PooledInstance await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    waiting++;
    try {
      while (true) {
        PooledInstance instance = ready.poll();
        if (instance != null) {
          return instance;
        }
        RuntimeException failure = lastFailure;
        if (failure != null && creating == 0 && resetting == 0) {
          lastFailure = null;
          throw failure;
        }
        if (closed) {
          throw new IllegalStateException("the testkit's pool " + prefix + " is closed");
        }
        if (creating + resetting < waiting) {
          startCreation();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TenancyException("No Redis instance (" + plan + ") became ready within " + timeout
              + " (" + describe() + "). The machine may be overloaded; see the instances' logs below "
              + tenancy.home());
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
      }
    } catch (InterruptedException e) {
      throw Checked.interrupted("waiting for a Redis instance", e);
    } finally {
      waiting--;
    }
  }

  /** Gives an instance back; it is reset (or replaced) in the background before anyone gets it again. */
  void release(PooledInstance instance) {
    instance.takeBack();
    instance.dropWarmConnection();
    synchronized (this) {
      if (closed) {
        return; // the testkit is closing: its tenancy stops the instance
      }
      resetting++;
    }
    background.execute(() -> {
      boolean reusable = false;
      try {
        if (!closed && instance.tenant().plan().equals(instance.plan())) {
          instance.tenant().reset();
          reusable = true;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, () -> "instance " + instance.name() + " cannot be reset, replacing it: " + e);
      }
      if (!reusable) {
        discard(instance);
      }
      synchronized (this) {
        resetting--;
        if (reusable) {
          warmUp.accept(instance);
          ready.offer(instance);
          notifyAll();
        } else {
          topUp();
        }
      }
    });
  }

  /**
   * Caller holds the monitor. Starts creations until supply reaches the waiting takers plus the
   * spares. A pool with no spares (a FLUSHED server) creates only for a waiting taker.
   */
  private void topUp() {
    while (!closed && lastFailure == null && ready.size() + creating + resetting < spares + waiting) {
      startCreation();
    }
  }

  /** Caller holds the monitor. */
  private void startCreation() {
    if (closed) {
      return;
    }
    creating++;
    background.execute(() -> {
      PooledInstance created = null;
      RuntimeException failure = null;
      try {
        created = create();
      } catch (RuntimeException e) {
        failure = e;
      }
      if (created != null && closed) {
        discard(created);
        created = null;
      }
      synchronized (this) {
        creating--;
        if (created != null) {
          warmUp.accept(created);
          ready.offer(created);
        } else if (failure != null) {
          lastFailure = failure;
        }
        notifyAll();
      }
    });
  }

  private PooledInstance create() {
    String name = prefix + "-" + counter.incrementAndGet();
    TenantRequest request = tenancy.create(name);
    if (!plan.plan().isEmpty()) {
      request.plan(plan.plan());
    }
    if (plan.maxMemory() != null) {
      request.maxMemory(plan.maxMemory());
    }
    if (plan.evictionPolicy() != null) {
      request.evictionPolicy(plan.evictionPolicy());
    }
    if (plan.persistence() != null) {
      request.persistence(plan.persistence());
    } else if (defaultPersistenceNone) {
      request.persistence(Persistence.NONE);
    }
    if (plan.databases() > 0) {
      request.databases(plan.databases());
    }
    if (plan.access() != null) {
      request.access(plan.access());
    }
    if (plan.clientAuth() != null) {
      request.clientAuth(plan.clientAuth());
    }
    Tenant tenant = request.apply();
    PooledInstance instance = new PooledInstance(tenant, tenant.connection(), tenant.plan(),
        localLogs ? LogTail.localLog(tenancy.home(), name) : null);
    all.put(name, instance);
    return instance;
  }

  private void discard(PooledInstance instance) {
    all.remove(instance.name());
    try {
      instance.tenant().delete(Deletion.PURGE);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "could not delete instance " + instance.name() + ": " + e);
    }
  }

  synchronized String describe() {
    return all.size() + " instances, " + ready.size() + " ready, " + creating + " being created, " + resetting
        + " being reset, " + waiting + " tests waiting";
  }

  /** Names of every instance this pool made and still has. */
  List<String> names() {
    return new ArrayList<>(all.keySet());
  }

  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
