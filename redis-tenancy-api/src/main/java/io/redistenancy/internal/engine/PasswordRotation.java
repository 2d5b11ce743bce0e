package io.redistenancy.internal.engine;

import io.redistenancy.TenancyEvent.Type;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tenant user's password changes with a grace period: the old and the new password both work
 * (the ACL allows several) until the old one is retired.
 */
final class PasswordRotation {
  private final TenantOperations operations;

  PasswordRotation(TenantOperations operations) {
    this.operations = operations;
  }

  /**
   * Gives the tenant user a new password; the current one keeps working until {@code now + grace}
   * (a rotation during another's grace period ends that one at once). Returns when the old one stops.
   */
  Instant rotate(TenantId id, Duration grace) {
    return operations.locks().with(id, () -> {
      TenantRecord record = operations.require(id);
      Instant until = operations.clock().instant().plus(grace);
      apply(record, operations.secrets(id).rotated(Secrets.newPassword(), until));
      operations.events().emit(Type.PASSWORD_ROTATED, id.value(), "the previous password works until " + until);
      return until;
    });
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
        apply(operations.require(id), current.retired());
      }
    });
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
   * Stores {@code next} and hands the spec to the backend: a backend without a dedicated instance
   * applies its users there (see {@link io.redistenancy.spi.TenantAdministration}); for a dedicated
   * instance that renders the ACL file for later starts, and a running one gets the user's passwords
   * replaced in one command ({@code resetpass} then every hash), which disconnects no one.
   */
  private void apply(TenantRecord record, Secrets next) {
    operations.replaceSecrets(record.id(), next);
    InstanceSpec spec = operations.spec(record);
    operations.backend().reconfigure(spec);
    if (operations.backend().administration().isPresent()
        || operations.backend().state(record.id()) != InstanceState.RUNNING) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", record.name(), "resetpass"));
    next.tenantPasswordHashes().forEach(h -> command.add("#" + h));
    operations.admin(record, conn -> conn.call(command.toArray(String[]::new)));
  }
}
