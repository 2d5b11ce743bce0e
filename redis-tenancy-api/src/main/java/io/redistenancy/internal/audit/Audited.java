package io.redistenancy.internal.audit;

import io.redistenancy.AuditRecord;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a mutating operation is audited: runs it, then appends who ran it, on which tenant,
 * with which parameters, its outcome and how long it took. An operation that is done is never
 * undone because the trail could not be written: that failure is logged as an error instead.
 */
public final class Audited {
  private static final Logger LOG = LoggerFactory.getLogger(Audited.class);

  private final AuditLog log;
  private final Clock clock;

  public Audited(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  public void run(AuditOperation operation, TenantId tenant, AuditParameters parameters, Runnable action) {
    call(operation, Optional.of(tenant), parameters, () -> {
      action.run();
      return null;
    });
  }

  public <T> T call(AuditOperation operation, TenantId tenant, AuditParameters parameters, Supplier<T> action) {
    return call(operation, Optional.of(tenant), parameters, action);
  }

  public <T> T call(AuditOperation operation, Optional<TenantId> tenant, AuditParameters parameters, Supplier<T> action) {
    return call(operation, tenant, parameters, action, result -> parameters);
  }

  /** Also records figures of the result (e.g. how many tenants a reconcile repaired) among the parameters. */
  public <T> T call(AuditOperation operation, Optional<TenantId> tenant, AuditParameters parameters,
      Supplier<T> action, Function<T, AuditParameters> withResult) {
    Instant start = clock.instant();
    long started = System.nanoTime();
    T result;
    try {
      result = action.get();
    } catch (RuntimeException | Error e) {
      append(operation, tenant, parameters, Optional.of(describe(e)), start, started);
      throw e;
    }
    append(operation, tenant, withResult.apply(result), Optional.empty(), start, started);
    return result;
  }

  private void append(AuditOperation operation, Optional<TenantId> tenant, AuditParameters parameters,
      Optional<String> error, Instant start, long started) {
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    try {
      log.append(new AuditRecord(0, start, Actors.current(), operation.code(), tenant.map(TenantId::value),
          parameters.values(), error, duration));
    } catch (RuntimeException e) {
      LOG.error("Could not audit {} of {} by {}: {}", operation.code(), tenant.map(TenantId::value).orElse("-"),
          Actors.current(), e.getMessage(), e);
    }
  }

  /** The library's messages never hold a secret (a project rule): type and message say what failed. */
  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
