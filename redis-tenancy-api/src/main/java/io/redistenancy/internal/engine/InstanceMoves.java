package io.redistenancy.internal.engine;

import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.TenantId;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a tenant's recorded endpoints, and so {@code connection()} and the handover, on where its
 * instance really listens when that changes (a restart had to take another TCP port, an adopted
 * instance was given one), and says so with {@code PORT_CHANGED}.
 */
final class InstanceMoves {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceMoves.class);

  private final TenantOperations ops;
  /**
   * Records the backend's reports one at a time, on a thread of its own that ends when idle (not the
   * engine's scheduler: a report waits for its tenant's lock, which an operation may hold for long).
   */
  private final ExecutorService reports = DaemonThreads.serial("moves");

  InstanceMoves(TenantOperations ops) {
    this.ops = ops;
  }

  /**
   * The backend moved a running instance on its own: records where it listens now, off the backend's
   * thread (which must not wait for a tenant lock: the lock's holder may be waiting for the backend).
   */
  void reported(TenantId id, String detail) {
    reports.execute(() -> {
      try {
        follow(id, detail);
      } catch (RuntimeException e) {
        LOG.warn("Tenant {}: cannot record where its instance listens now: {}", id, e.getMessage());
      }
    });
  }

  /**
   * The home opens: records where each adopted instance listens before anyone can ask {@code connection()}
   * (the backend may have given one another port while it opened, when the engine could not be told yet),
   * with or without a reconcile.
   */
  void followAll(String why) {
    ops.ids().forEach(id -> follow(id, why));
  }

  private void follow(TenantId id, String why) {
    ops.locks().with(id, () -> ops.find(id).ifPresent(r -> follow(r, why)));
  }

  /**
   * Records the endpoints the backend reports for {@code record}'s running instance when they differ
   * from the recorded ones. A record without endpoints or with an operation in flight is left alone:
   * that operation records the instance itself. Call under the tenant's lock.
   *
   * @return the record as it is now
   */
  TenantRecord follow(TenantRecord record, String why) {
    if (record.endpoints().isEmpty() || record.pending() != null) {
      return record;
    }
    Optional<Instance> now = ops.backend().instance(record.id());
    if (now.isEmpty() || now.get().endpoints().equals(record.endpointList())) {
      return record;
    }
    TenantRecord moved = record.withInstance(now.get());
    ops.save(moved);
    announce(ops.events(), record, moved, why);
    return moved;
  }

  /** Sends {@code PORT_CHANGED} if a tenant that had endpoints now has others. */
  static void announce(EventDispatcher events, TenantRecord before, TenantRecord after, String why) {
    if (!before.endpoints().isEmpty() && !before.endpointList().equals(after.endpointList())) {
      events.emit(after.name(), new EventPayload.PortChanged(tcpOf(before), tcpOf(after), why));
    }
  }

  private static Optional<Endpoint> tcpOf(TenantRecord record) {
    return record.endpointList().stream().filter(e -> !e.isUnixSocket()).findFirst();
  }
}
