package io.redistenancy.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.redistenancy.internal.DaemonThreads;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's container events for one owner label, delivered in order to one consumer on a daemon
 * thread of its own until {@link #close()}. A stream that drops (the engine restarts, the connection
 * breaks, a read times out) is opened again from the time of the last
 * event seen, so the events of the gap are replayed from the engine's buffer and none is handled twice.
 */
final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_RETRY = Duration.ofSeconds(10);
  /** Reading the stream blocks for as long as it is open: too long for a task of the shared scheduler. */
  private static final ThreadFactory EVENT_THREADS = DaemonThreads.named("docker-events");

  private final DockerEngine engine;
  private final String ownerId;
  private final String[] actions;
  private final Consumer<Event> consumer;
  private final Thread thread;
  private volatile Subscription current;
  private volatile boolean closed;
  /** The engine's time of the last event handled, in nanoseconds since the epoch: where a new stream resumes. */
  private volatile long lastNanos;

  EventStream(DockerEngine engine, String ownerId, Consumer<Event> consumer, String... actions) {
    this.engine = engine;
    this.ownerId = ownerId;
    this.actions = actions.clone();
    this.consumer = consumer;
    this.thread = EVENT_THREADS.newThread(this::run);
  }

  /** Starts watching from the engine's present time; events from then on are delivered even if the stream lags. */
  void start() {
    lastNanos = engineNanos();
    thread.start();
  }

  private long engineNanos() {
    String time = engine.call("read the engine's clock", () -> engine.client().infoCmd().exec().getSystemTime());
    Instant now;
    try {
      now = OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      now = Instant.now(); // an engine that does not say: this machine's clock is the best guess
    }
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private void run() {
    Duration retry = FIRST_RETRY;
    boolean lost = false;
    while (!closed) {
      Subscription subscription = new Subscription(lost);
      current = subscription;
      try {
        engine.client().eventsCmd()
            .withEventTypeFilter(EventType.CONTAINER)
            .withEventFilter(actions)
            .withLabelFilter(Map.of(Names.OWNER, ownerId))
            .withSince(String.format("%d.%09d", lastNanos / 1_000_000_000L, lastNanos % 1_000_000_000L))
            .exec(subscription);
        if (closed) {
          subscription.close();
        }
        subscription.done.await();
      } catch (InterruptedException e) {
        return; // closed
      } catch (RuntimeException e) {
        subscription.error = e;
      }
      if (closed) {
        return;
      }
      boolean idle = DockerEngine.rootCause(subscription.error) instanceof SocketTimeoutException;
      if (subscription.started && (idle || subscription.error == null)) {
        retry = FIRST_RETRY; // a stream that worked and timed out (or ended): open the next one now
        lost = false;
        continue;
      }
      if (!lost) {
        LOG.warn("lost the Docker engine's event stream at {} ({}); crashes are reported again once it is back",
            engine.host(), subscription.error == null ? "it ended" : DockerEngine.rootMessage(subscription.error));
        lost = true;
      }
      try {
        Thread.sleep(retry.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }
  }

  /** Stops watching; the thread ends (it is waited for briefly). */
  @Override
  public void close() {
    closed = true;
    Subscription s = current;
    if (s != null) {
      s.close();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One open events request. */
  private final class Subscription implements ResultCallback<Event> {
    final CountDownLatch done = new CountDownLatch(1);
    private final boolean afterLoss;
    private volatile Closeable response;
    volatile boolean started;
    volatile Throwable error;

    Subscription(boolean afterLoss) {
      this.afterLoss = afterLoss;
    }

    @Override
    public void onStart(Closeable response) {
      this.response = response;
      started = true;
      if (afterLoss) {
        LOG.info("watching the Docker engine's events at {} again", engine.host());
      }
      if (closed) {
        close();
      }
    }

    @Override
    public void onNext(Event event) {
      Long nanos = event.getTimeNano();
      if (nanos != null && nanos <= lastNanos) {
        return; // replayed: handled by the stream before
      }
      if (nanos != null) {
        lastNanos = nanos;
      }
      try {
        consumer.accept(event);
      } catch (RuntimeException e) {
        LOG.debug("handling a Docker event threw; ignored", e);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      error = throwable;
      done.countDown();
    }

    @Override
    public void onComplete() {
      done.countDown();
    }

    @Override
    public void close() {
      Closeable r = response;
      if (r != null) {
        try {
          r.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      done.countDown();
    }
  }
}
