package io.redistenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which {@link AuditRecord}s {@link AuditTrail#query} returns: every criterion set must match.
 *
 * <pre>{@code
 * tenancy.audit().query(AuditFilter.all().tenant("acme").from(yesterday));
 * }</pre>
 */
public record AuditFilter(Optional<Instant> from, Optional<Instant> until, Optional<String> tenant,
    Optional<String> actor, Optional<String> operation) {
  public AuditFilter {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(operation, "operation");
  }

  /** Every record. */
  public static AuditFilter all() {
    return new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Records at or after {@code time}. */
  public AuditFilter from(Instant time) {
    return new AuditFilter(Optional.of(time), until, tenant, actor, operation);
  }

  /** Records before {@code time}. */
  public AuditFilter until(Instant time) {
    return new AuditFilter(from, Optional.of(time), tenant, actor, operation);
  }

  public AuditFilter tenant(String name) {
    return new AuditFilter(from, until, Optional.of(name), actor, operation);
  }

  public AuditFilter actor(String name) {
    return new AuditFilter(from, until, tenant, Optional.of(name), operation);
  }

  /** Records of that operation, e.g. {@code tenant.create}. */
  public AuditFilter operation(String name) {
    return new AuditFilter(from, until, tenant, actor, Optional.of(name));
  }

  /** Whether {@code record} matches. */
  public boolean matches(AuditRecord record) {
    return from.map(t -> !record.time().isBefore(t)).orElse(true)
        && until.map(t -> record.time().isBefore(t)).orElse(true)
        && tenant.map(t -> record.tenant().filter(t::equals).isPresent()).orElse(true)
        && actor.map(record.actor()::equals).orElse(true)
        && operation.map(record.operation()::equals).orElse(true);
  }
}
