package io.redistenancy.contract;

import io.redistenancy.EventPayload;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every event, for assertions. */
public final class RecordingListener implements TenancyListener {
  private final List<TenancyEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(TenancyEvent event) {
    events.add(event);
  }

  public List<TenancyEvent> events() {
    return List.copyOf(events);
  }

  public List<TenancyEvent.Type> types(String tenant) {
    return events.stream().filter(e -> e.tenant().equals(tenant)).map(TenancyEvent::type).toList();
  }

  /** The payloads of {@code kind} sent for {@code tenant}, in order. */
  public <P extends EventPayload> List<P> payloads(String tenant, Class<P> kind) {
    return events.stream().filter(e -> e.tenant().equals(tenant)).map(TenancyEvent::payload)
        .filter(kind::isInstance).map(kind::cast).toList();
  }

  /** Waits until an event matching {@code test} arrived; false after {@code timeout}. */
  public boolean await(Predicate<TenancyEvent> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (events.stream().anyMatch(test)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
