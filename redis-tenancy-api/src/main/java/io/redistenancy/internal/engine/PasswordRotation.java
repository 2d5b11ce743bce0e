package io.redistenancy.internal.engine;

import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant user's password changes with a grace period: the old and the new password both work
 * (the ACL allows several) until the old one is retired.
 *
 * <p>A rotation is all or nothing. Its new password is recorded as pending (given out to no one) before the server
 * sees it, and becomes the tenant's only once the server accepts it; a rotation the server refused or did not
 * answer is rolled back, and where even the roll-back cannot reach the server, the pending password (which may
 * have reached it) is withdrawn by the next reconcile. The current password works throughout.
 */
final class PasswordRotation {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordRotation.class);

  private final TenantOperations operations;

  PasswordRotation(TenantOperations operations) {
    this.operations = operations;
  }

  /**
   * Gives the tenant user a new password; the current one keeps working until {@code now + grace}
   * (a rotation during another's grace period ends that one at once), when {@code disconnect} closes every open
   * connection of the tenant user. Returns when the old one stops.
   *
   * @throws TenancyException when the server refused or did not answer: nothing changed for the tenant's clients
   */
  Instant rotate(TenantId id, Duration grace, boolean disconnect) {
    return operations.locks().with(id, () -> {
      TenantRecord record = operations.require(id);
      if (disconnect && !operations.kind().administration().closesConnections()) {
        throw new InvalidRequestException("Tenant '" + record.name() + "' is served by a shared server of backend "
            + operations.backend().name() + ", whose other users' connections the library does not close: rotate with"
            + " OpenConnections.KEEP, or close the tenant's connections on the server yourself");
      }
      // an earlier rotation's leftover is dropped: the new one's ACL replaces every password
      Secrets current = operations.secrets(id).withoutPending();
      Secrets attempt = current.rotating(Secrets.newPassword());
      operations.replaceSecrets(id, attempt); // the intent, durable before the server sees the new password
      try {
        push(record, attempt);
      } catch (RuntimeException e) {
        throw rollBack(record, current, e);
      }
      Instant until = operations.clock().instant().plus(grace);
      operations.replaceSecrets(id, attempt.rotated(until, disconnect));
      operations.events().emit(id.value(), new EventPayload.PasswordRotated(until));
      return until;
    });
  }

  /** Puts the tenant's users back as {@code current} says; if that fails too, the next reconcile does it. */
  private TenancyException rollBack(TenantRecord record, Secrets current, RuntimeException failure) {
    String what = "The password of tenant '" + record.name() + "' was not rotated: " + failure.getMessage()
        + " The current password stays in force";
    try {
      push(record, current);
      operations.replaceSecrets(record.id(), current);
      return new TenancyException(what + ".", failure);
    } catch (RuntimeException again) {
      failure.addSuppressed(again);
      return new TenancyException(what + "; the new one, which may have reached the server, is withdrawn by the"
          + " next tenancy.reconcile().", failure);
    }
  }

  /**
   * Withdraws the pending passwords of rotations that failed and could not be rolled back, or that a crash cut
   * short (none of them was given out). A tenant whose server still cannot be reached is left for the next time.
   */
  void withdrawUnfinished() {
    for (TenantId id : operations.ids()) {
      try {
        operations.locks().with(id, () -> {
          if (operations.find(id).isEmpty()) {
            return;
          }
          Secrets stored = operations.secrets(id);
          if (stored.hasPending()) {
            settle(operations.require(id), stored.withoutPending());
            LOG.info("Withdrew the unfinished password rotation of tenant {}", id);
          }
        });
      } catch (RuntimeException e) {
        LOG.warn("Withdrawing the unfinished password rotation of tenant {} failed; the next reconcile tries again: {}",
            id, e.getMessage());
      }
    }
  }

  /** Ends a rotation's grace period if it is due, or at once with {@code now}: the old password stops working. */
  void retire(TenantId id, boolean now) {
    operations.locks().with(id, () -> {
      if (operations.find(id).isEmpty()) {
        return;
      }
      Secrets current = operations.secrets(id);
      Optional<Instant> at = current.retiringAt();
      if (at.isPresent() && (now || !at.get().isAfter(operations.clock().instant()))) {
        TenantRecord record = operations.require(id);
        settle(record, current.withoutPending().retired());
        if (current.disconnectsAtGraceEnd()) {
          disconnect(record);
        }
      }
    });
  }

  /**
   * Closes every open connection of the tenant user (Redis keeps a connection authenticated with a password it no
   * longer accepts): clients holding the current password reconnect, those with the retired one cannot. An instance
   * that is not running has none.
   */
  private void disconnect(TenantRecord record) {
    operations.kind().administration().closeConnections(operations.spec(record));
  }

  /** Tenants in a rotation's grace period, with when it ends. */
  Map<TenantId, Instant> pending() {
    Map<TenantId, Instant> out = new TreeMap<>();
    for (TenantId id : operations.ids()) {
      operations.store().secrets(id).flatMap(Secrets::retiringAt).ifPresent(at -> out.put(id, at));
    }
    return out;
  }

  /**
   * Narrows the tenant's passwords to {@code next}: the server first, the record after, so a failure leaves the
   * record naming every password the server may still accept.
   */
  private void settle(TenantRecord record, Secrets next) {
    push(record, next);
    operations.replaceSecrets(record.id(), next);
  }

  /**
   * Hands the spec with {@code secrets}' users to the backend, then to the tenants' administration, which
   * applies them to a running server without disconnecting anyone
   * ({@link io.redistenancy.spi.TenantAdministration#applyCredentials}).
   */
  private void push(TenantRecord record, Secrets secrets) {
    InstanceSpec spec = operations.spec(record, secrets);
    operations.backend().reconfigure(spec);
    operations.kind().administration().applyCredentials(spec);
  }
}
