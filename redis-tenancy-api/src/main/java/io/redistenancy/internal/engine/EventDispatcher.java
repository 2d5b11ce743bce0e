package io.redistenancy.internal.engine;

import io.redistenancy.EventPayload;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Sends events to the user's listener and the log; a listener that throws never breaks an operation. */
final class EventDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger("io.redistenancy.events");

  private final List<TenancyListener> listeners;
  private final Clock clock;

  /** Each listener in turn (the library's own, e.g. the alerts, before the user's). */
  EventDispatcher(List<TenancyListener> listeners, Clock clock) {
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
  }

  void emit(String tenant, EventPayload payload) {
    TenancyEvent event = new TenancyEvent(tenant, clock.instant(), payload);
    TenancyEvent.Type type = event.type();
    String detail = event.detail();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("tenant", tenant)) {
      if (type == TenancyEvent.Type.FAILED || type == TenancyEvent.Type.CRASHED) {
        LOG.warn("{} {}{}", tenant, type, detail.isEmpty() ? "" : ": " + detail);
      } else {
        LOG.info("{} {}{}", tenant, type, detail.isEmpty() ? "" : ": " + detail);
      }
      for (TenancyListener listener : listeners) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException e) {
          LOG.warn("listener {} threw on {}; ignored", listener.getClass().getName(), type, e);
        }
      }
    }
  }
}
