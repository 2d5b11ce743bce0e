package io.redistenancy.systemd.internal;

import io.redistenancy.EventPayload;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/** A BackendContext for driving the backend through the SPI alone, recording its events. */
final class TestContext implements BackendContext, InstanceEvents {
  // one for the whole test JVM: daemon threads, so it needs no shutdown
  private static final ScheduledExecutorService SCHEDULER = DaemonThreads.scheduler("test", 2);
  final List<String> events = new CopyOnWriteArrayList<>();
  /** The typed events, in order: only those the backend sent through {@link #event}. */
  final List<EventPayload> payloads = new CopyOnWriteArrayList<>();
  private final String ownerId;
  private final Path home;
  private final ScheduledExecutorService scheduler;
  /** The backend's clock; a test may fix it. */
  volatile Clock clock = Clock.systemUTC();

  TestContext(Path home) {
    this(home, SCHEDULER);
  }

  /** A context whose backend schedules on {@code scheduler}, for a look at what it queues there. */
  TestContext(Path home, ScheduledExecutorService scheduler) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.ownerId = HexFormat.of().formatHex(random);
    this.home = home;
    this.scheduler = scheduler;
  }

  @Override public Path home() { return home; }
  @Override public Path workDirectory() { return home; }
  @Override public String ownerId() { return ownerId; }
  @Override public InstanceEvents events() { return this; }
  @Override public Clock clock() { return clock; }

  @Override public ScheduledExecutorService scheduler() { return scheduler; }

  @Override
  public void event(TenantId id, EventPayload payload) {
    payloads.add(payload);
    InstanceEvents.super.event(id, payload); // and recorded as text, as the per-kind methods are
  }

  @Override public void crashed(TenantId id, String detail) { events.add("crashed " + id + ": " + detail); }
  @Override public void restarted(TenantId id, String detail) { events.add("restarted " + id + ": " + detail); }
  @Override public void failed(TenantId id, String reason) { events.add("failed " + id + ": " + reason); }
}
