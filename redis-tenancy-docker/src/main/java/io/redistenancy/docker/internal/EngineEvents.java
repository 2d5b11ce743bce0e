package io.redistenancy.docker.internal;

import com.github.dockerjava.api.model.Event;
import io.redistenancy.EventPayload;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Tells the engine, unprompted, about this owner's containers' crashes (a {@code die} with a non-zero
 * exit code, or after an {@code oom}, that this backend did not cause) and the engine's restarts after
 * them ({@code start} or {@code restart} of a crashed container), from the engine's event stream
 * ({@link EventStream}, which reconnects when it drops).
 */
final class EngineEvents implements AutoCloseable {
  private final InstanceEvents events;
  private final EventStream stream;
  /** Containers this backend is stopping or removing: their exits are not crashes. */
  private final Set<String> expected = ConcurrentHashMap.newKeySet();
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();
  private final Set<String> outOfMemory = ConcurrentHashMap.newKeySet();

  EngineEvents(DockerEngine engine, String ownerId, InstanceEvents events) {
    this.events = events;
    this.stream = new EventStream(engine, ownerId, this::handle, "oom", "die", "start", "restart", "destroy");
  }

  void start() {
    stream.start();
  }

  /** The next exit of {@code containerId} is this backend's doing: it is being removed. */
  void expectStop(String containerId) {
    expected.add(containerId);
  }

  /**
   * Stops {@code containerId} with {@code stop} (true if it was running), its exit expected. Had it
   * stopped already, no exit follows, and the expectation is dropped: it would hide its next crash.
   */
  void stopExpected(String containerId, BooleanSupplier stop) {
    expected.add(containerId);
    if (!stop.getAsBoolean()) {
      expected.remove(containerId);
    }
  }

  private void handle(Event event) {
    if (event.getActor() == null || event.getActor().getAttributes() == null) {
      return;
    }
    Map<String, String> attributes = event.getActor().getAttributes();
    String containerId = event.getId() != null ? event.getId() : event.getActor().getId();
    TenantId id;
    try {
      id = TenantId.of(attributes.get(Names.TENANT));
    } catch (RuntimeException e) {
      return;
    }
    switch (String.valueOf(event.getAction())) {
      case "oom" -> outOfMemory.add(containerId);
      case "die" -> died(id, containerId, attributes.getOrDefault("exitCode", "?"));
      case "start", "restart" -> {
        if (crashed.remove(containerId)) {
          events.event(id, EventPayload.Restarted.described(
              "the Docker engine restarted its container (restart policy unless-stopped)"));
        }
      }
      case "destroy" -> {
        expected.remove(containerId);
        crashed.remove(containerId);
        outOfMemory.remove(containerId);
      }
      default -> { }
    }
  }

  private void died(TenantId id, String containerId, String exit) {
    boolean oom = outOfMemory.remove(containerId);
    if (expected.remove(containerId) || ("0".equals(exit) && !oom)) {
      return;
    }
    crashed.add(containerId);
    String how = "container exited with code " + exit + (oom ? " (killed: out of memory, over the plan's limit)"
        : "137".equals(exit) ? " (killed: SIGKILL or out of memory)" : "");
    // the engine reports the code only; which signal (if any) ended the container it does not say
    events.event(id, new EventPayload.Crashed(exitCode(exit), OptionalInt.empty(), OptionalInt.empty(), how));
  }

  private static OptionalInt exitCode(String exit) {
    try {
      return OptionalInt.of(Integer.parseInt(exit));
    } catch (NumberFormatException e) {
      return OptionalInt.empty(); // the event had none
    }
  }

  @Override
  public void close() {
    stream.close();
  }
}
