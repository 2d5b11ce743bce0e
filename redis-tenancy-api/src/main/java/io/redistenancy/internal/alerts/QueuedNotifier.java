package io.redistenancy.internal.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redistenancy.AlertNotice;
import io.redistenancy.AlertNotifier;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AlertNotifier} that never blocks its caller: notices wait in a bounded queue for one
 * daemon thread, which tries each up to {@code attempts} times with exponential backoff and then
 * appends it to the dead-letter file. A full queue, and {@link #close()}, send notices straight there.
 */
public final class QueuedNotifier implements AlertNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedNotifier.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final DeliverySettings settings;
  private final Delivery delivery;
  private final BlockingQueue<AlertNotice> queue;
  private final Thread worker;
  private volatile boolean closed;

  public QueuedNotifier(DeliverySettings settings, Delivery delivery) {
    this.settings = settings;
    this.delivery = delivery;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    PrivateFiles.directory(settings.deadLetter().getParent());
    this.worker = DaemonThreads.named(settings.name() + "-notifier").newThread(this::work);
    worker.start();
  }

  @Override
  public void send(AlertNotice notice) {
    if (closed) {
      deadLetter(notice, 0, "the notifier was closed");
    } else if (!queue.offer(notice)) {
      deadLetter(notice, 0, "the queue of " + settings.queueCapacity() + " notices was full");
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work() {
    try {
      while (!closed) {
        deliver(queue.take());
      }
    } catch (InterruptedException e) {
      // closing
    }
    for (AlertNotice left; (left = queue.poll()) != null; ) {
      deadLetter(left, 0, "the notifier was closed before delivering it");
    }
  }

  private void deliver(AlertNotice notice) throws InterruptedException {
    Duration wait = settings.backoff();
    String lastError = "";
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      try {
        delivery.deliver(notice);
        return;
      } catch (InterruptedException e) {
        deadLetter(notice, attempt, "the notifier was closed before delivering it");
        throw e;
      } catch (Exception e) {
        lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.warn("{} notifier: attempt {} of {} for alert {} failed: {}", settings.name(), attempt,
            settings.attempts(), notice.alert().id(), lastError);
      }
      if (attempt < settings.attempts()) {
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          deadLetter(notice, attempt, "the notifier was closed before delivering it; last error: " + lastError);
          throw e;
        }
        wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
      }
    }
    deadLetter(notice, settings.attempts(), lastError);
  }

  private synchronized void deadLetter(AlertNotice notice, int attempts, String error) {
    ObjectNode line = AlertJson.JSON.createObjectNode();
    line.put("time", Instant.now().toString());
    line.put("notifier", settings.name());
    line.put("attempts", attempts);
    line.put("error", error);
    line.set("notice", AlertJson.notice(notice));
    try {
      if (!Files.exists(settings.deadLetter())) {
        Files.createFile(settings.deadLetter(), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      }
      Files.write(settings.deadLetter(), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
      LOG.error("{} notifier: alert {} ({}) not delivered after {} attempt(s), kept in {}: {}", settings.name(),
          notice.alert().id(), notice.alert().code(), attempts, settings.deadLetter(), error);
    } catch (IOException e) {
      LOG.error("{} notifier: alert {} lost: not delivered ({}) and the dead letter {} failed: {}", settings.name(),
          notice.alert().id(), error, settings.deadLetter(), e.getMessage());
    }
  }
}
