package io.redistenancy.internal.engine;

import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timed work of a tenancy: ending password grace periods when they are due, and watching certificate
 * expiry. The engine's scheduler times it; it runs on a thread of its own, as a retire waits for its
 * tenant's lock, which a backup or restore may hold for minutes. Stops with the tenancy; what it did not get to is found again when the
 * home is next opened (grace periods are stored with the secrets).
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  /** How often certificate expiry is checked while the tenancy is open. */
  static final Duration EXPIRY_CHECK_PERIOD = Duration.ofHours(6);

  private final PasswordRotation passwords;
  private final CertificateWatch watch;
  private final Clock clock;
  private final ScheduledTasks timer;
  private final ExecutorService work = DaemonThreads.serial("housekeeping");

  Housekeeping(PasswordRotation passwords, CertificateWatch watch, Clock clock, ScheduledExecutorService scheduler) {
    this.timer = new ScheduledTasks(scheduler);
    this.passwords = passwords;
    this.watch = watch;
    this.clock = clock;
  }

  /** Schedules the grace periods found in the home, and the expiry watch (first check at once). */
  void start() {
    passwords.pending().forEach(this::retireAt);
    timer.scheduleWithFixedDelay(() -> later("certificate expiry check", watch::check), Duration.ZERO,
        EXPIRY_CHECK_PERIOD);
  }

  /** Ends the tenant's grace period at {@code at}. */
  void retireAt(TenantId id, Instant at) {
    Duration delay = Duration.between(clock.instant(), at);
    timer.schedule(() -> later("ending the password grace period of " + id, () -> passwords.retire(id, false)),
        delay.isNegative() ? Duration.ZERO : delay);
  }

  /** Hands due work from the scheduler's thread to this one's own. */
  private void later(String what, Runnable task) {
    try {
      work.execute(() -> guarded(what, task));
    } catch (RejectedExecutionException e) {
      LOG.debug("{} not done: the tenancy is closing", what);
    }
  }

  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      // the next open (or check) tries again; the message never holds a secret
      LOG.warn("{} failed: {}", what, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.close();
    work.shutdownNow();
  }
}
