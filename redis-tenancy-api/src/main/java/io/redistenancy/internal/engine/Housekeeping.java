package io.redistenancy.internal.engine;

import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timed work of a tenancy on one daemon thread: ending password grace periods when they are due, and
 * watching certificate expiry. Stops with the tenancy; what it did not get to is found again when the
 * home is next opened (grace periods are stored with the secrets).
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  /** How often certificate expiry is checked while the tenancy is open. */
  static final Duration EXPIRY_CHECK_PERIOD = Duration.ofHours(6);

  private final PasswordRotation passwords;
  private final CertificateWatch watch;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "redis-tenancy-housekeeping");
    t.setDaemon(true);
    return t;
  });

  Housekeeping(PasswordRotation passwords, CertificateWatch watch, Clock clock) {
    this.passwords = passwords;
    this.watch = watch;
    this.clock = clock;
  }

  /** Schedules the grace periods found in the home, and the expiry watch (first check at once). */
  void start() {
    passwords.pending().forEach(this::retireAt);
    timer.scheduleWithFixedDelay(() -> guarded("certificate expiry check", watch::check), 0,
        EXPIRY_CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the tenant's grace period at {@code at}. */
  void retireAt(TenantId id, Instant at) {
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    timer.schedule(() -> guarded("ending the password grace period of " + id, () -> passwords.retire(id, false)),
        delay, TimeUnit.MILLISECONDS);
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
    timer.shutdownNow();
  }
}
