package io.redistenancy.internal.local;

import io.redistenancy.EventPayload;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what a backend reports, and waits for it. */
final class RecordingEvents implements InstanceEvents {
  enum Type { CRASHED, RESTARTED, FAILED, MOVED }

  record Event(Type type, TenantId id, String detail) {}

  private record Typed(TenantId id, EventPayload payload) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Typed> payloads = new CopyOnWriteArrayList<>();
  private volatile Consumer<TenantId> onCrashed = id -> {};

  /** Runs {@code action} in the backend's crash report, before it schedules the restart. */
  void onCrashed(Consumer<TenantId> action) {
    this.onCrashed = action;
  }

  /** Keeps the typed payload, then lets the per-kind methods record the event as before. */
  @Override
  public void event(TenantId id, EventPayload payload) {
    payloads.add(new Typed(id, payload));
    InstanceEvents.super.event(id, payload);
  }

  /** The payloads of {@code kind} the backend sent for {@code id}, in order. */
  <P extends EventPayload> List<P> payloads(Class<P> kind, TenantId id) {
    return payloads.stream().filter(t -> t.id().equals(id)).map(Typed::payload).filter(kind::isInstance)
        .map(kind::cast).toList();
  }

  @Override
  public void crashed(TenantId id, String detail) {
    events.add(new Event(Type.CRASHED, id, detail));
    onCrashed.accept(id);
  }

  @Override
  public void moved(TenantId id, String detail) {
    events.add(new Event(Type.MOVED, id, detail));
  }

  @Override
  public void restarted(TenantId id, String detail) {
    events.add(new Event(Type.RESTARTED, id, detail));
  }

  @Override
  public void failed(TenantId id, String reason) {
    events.add(new Event(Type.FAILED, id, reason));
  }

  List<Event> of(Type type, TenantId id) {
    return events.stream().filter(e -> e.type() == type && e.id().equals(id)).toList();
  }

  List<Event> all() {
    return List.copyOf(events);
  }

  /** Waits until {@code count} events of {@code type} for {@code id} arrived; returns the last. */
  Event await(Type type, TenantId id, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Event> found = of(type, id);
      if (found.size() >= count) {
        return found.get(count - 1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + count + " " + type + " events for " + id + " within " + timeout
        + "; got " + all());
  }
}
