package io.redistenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited operation.
 *
 * @param sequence its place in the trail, from 1
 * @param time when it started
 * @param actor who asked for it ({@link RedisTenancy#as(String)}; {@value #LIBRARY} by default)
 * @param operation what, e.g. {@code tenant.resize}
 * @param tenant the tenant it acted on, if any
 * @param parameters its parameters as text, built from typed values only (never a secret)
 * @param error empty when it succeeded; else the error's type and message
 * @param duration how long it took
 */
public record AuditRecord(long sequence, Instant time, String actor, String operation, Optional<String> tenant,
    Map<String, String> parameters, Optional<String> error, Duration duration) {
  /** The actor of operations not made through {@link RedisTenancy#as(String)}. */
  public static final String LIBRARY = "library";

  public AuditRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(tenant, "tenant");
    parameters = Map.copyOf(parameters);
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(duration, "duration");
  }

  public boolean succeeded() {
    return error.isEmpty();
  }
}
