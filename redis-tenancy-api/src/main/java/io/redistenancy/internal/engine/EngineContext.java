package io.redistenancy.internal.engine;

import io.redistenancy.EventPayload;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * What the engine hands its backend. Instance events go to the listener; a FAILED one is also
 * recorded in the tenant's state (through {@code onFailed}, set once the engine exists).
 */
final class EngineContext implements BackendContext, InstanceEvents {
  private final Path home;
  private final Path workDirectory;
  private final String ownerId;
  private final EventDispatcher events;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private volatile BiConsumer<TenantId, String> onFailed = (id, reason) -> {};
  private volatile BiConsumer<TenantId, String> onMoved = (id, detail) -> {};

  EngineContext(Path home, Path workDirectory, String ownerId, EventDispatcher events, Clock clock,
      ScheduledExecutorService scheduler) {
    this.home = home;
    this.workDirectory = workDirectory;
    this.ownerId = ownerId;
    this.events = events;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  void onFailed(BiConsumer<TenantId, String> handler) {
    this.onFailed = handler;
  }

  void onMoved(BiConsumer<TenantId, String> handler) {
    this.onMoved = handler;
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public Path workDirectory() {
    return workDirectory;
  }

  @Override
  public String ownerId() {
    return ownerId;
  }

  @Override
  public InstanceEvents events() {
    return this;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The one path every instance event takes: a FAILED one is also recorded in the tenant's state. */
  @Override
  public void event(TenantId id, EventPayload payload) {
    try {
      if (payload instanceof EventPayload.Failed failed) {
        onFailed.accept(id, failed.reason());
      }
    } finally {
      events.emit(id.value(), payload);
    }
  }

  @Override
  public void crashed(TenantId id, String detail) {
    event(id, EventPayload.Crashed.described(detail));
  }

  @Override
  public void restarted(TenantId id, String detail) {
    event(id, EventPayload.Restarted.described(detail));
  }

  @Override
  public void failed(TenantId id, String reason) {
    event(id, new EventPayload.Failed(reason));
  }

  @Override
  public void moved(TenantId id, String detail) {
    onMoved.accept(id, detail);
  }
}
