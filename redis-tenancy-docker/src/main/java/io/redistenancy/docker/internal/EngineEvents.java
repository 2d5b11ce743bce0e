package io.redistenancy.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the engine's event stream for this owner's containers and tells the engine about crashes
 * (a {@code die} with a non-zero exit code that this backend did not cause) and the engine's restarts
 * after them ({@code start} of a crashed container).
 */
final class EngineEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);

  private final DockerEngine engine;
  private final String ownerId;
  private final InstanceEvents events;
  /** Containers this backend is stopping or removing: their exits are not crashes. */
  private final Set<String> expected = ConcurrentHashMap.newKeySet();
  private final Set<String> crashed = ConcurrentHashMap.newKeySet();
  private volatile Closeable stream;
  private volatile boolean closed;

  EngineEvents(DockerEngine engine, String ownerId, InstanceEvents events) {
    this.engine = engine;
    this.ownerId = ownerId;
    this.events = events;
  }

  void start() {
    stream = engine.client().eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withEventFilter("die", "start", "destroy")
        .withLabelFilter(Map.of(Names.OWNER, ownerId))
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event event) {
            handle(event);
          }

          @Override
          public void onError(Throwable error) {
            if (!closed) {
              LOG.warn("lost the Docker engine's event stream ({}); crashes are no longer reported as events",
                  DockerEngine.rootMessage(error));
            }
          }
        });
  }

  /** The next exit of {@code containerId} is this backend's doing. */
  void expectStop(String containerId) {
    expected.add(containerId);
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
    try {
      switch (String.valueOf(event.getAction())) {
        case "die" -> {
          String exit = attributes.getOrDefault("exitCode", "?");
          if (expected.remove(containerId) || "0".equals(exit)) {
            return;
          }
          crashed.add(containerId);
          events.crashed(id, "container exited with code " + exit
              + ("137".equals(exit) ? " (killed: SIGKILL or out of memory)" : ""));
        }
        case "start" -> {
          if (crashed.remove(containerId)) {
            events.restarted(id, "the Docker engine restarted its container (restart policy unless-stopped)");
          }
        }
        case "destroy" -> {
          expected.remove(containerId);
          crashed.remove(containerId);
        }
        default -> { }
      }
    } catch (RuntimeException e) {
      LOG.debug("an InstanceEvents listener threw; ignored", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    Closeable s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
