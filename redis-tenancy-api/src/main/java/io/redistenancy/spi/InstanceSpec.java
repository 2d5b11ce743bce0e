package io.redistenancy.spi;

import io.redistenancy.Plan;
import io.redistenancy.internal.plan.PlanDirectives;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a backend needs to realize one tenant's instance, fully resolved by the engine: the
 * effective plan (typed limits) and the users. The backend chooses paths and ports
 * ({@link InstanceLayout}) and renders the configuration with {@link ConfigRenderer}: the one place
 * that writes redis.conf.
 *
 * @param id the tenant
 * @param plan the effective plan: the tenant's plan with its overrides applied
 * @param users the admin user and the tenant user
 * @param tls the certificate and key when the plan's access uses TLS, else null (see {@link #tlsMaterial()})
 * @param adoptExistingKeys whether a new tenant may take over data already stored under its name where
 *     the backend keeps tenants side by side (the key prefix on a shared server); set for a create
 *     only, by {@code TenantRequest.adoptExistingKeys()}, and not part of {@link #hash()}
 */
public record InstanceSpec(TenantId id, Plan plan, List<AclUser> users, TlsMaterial tls, boolean adoptExistingKeys) {
  public InstanceSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(plan, "plan");
    users = List.copyOf(users);
    if (plan.access().usesTls() != (tls != null)) {
      throw new IllegalArgumentException("access " + plan.access() + (tls == null ? " needs" : " takes no")
          + " TLS material");
    }
  }

  /** A plaintext instance. */
  public InstanceSpec(TenantId id, Plan plan, List<AclUser> users) {
    this(id, plan, users, null);
  }

  /** An instance that adopts no existing data. */
  public InstanceSpec(TenantId id, Plan plan, List<AclUser> users, TlsMaterial tls) {
    this(id, plan, users, tls, false);
  }

  /** This spec, for a create that takes over the data already stored under the tenant's name. */
  public InstanceSpec adoptingExistingKeys() {
    return new InstanceSpec(id, plan, users, tls, true);
  }

  /** The TLS material, for a plan whose access uses TLS. */
  public Optional<TlsMaterial> tlsMaterial() {
    return Optional.ofNullable(tls);
  }

  /**
   * A short stable hash of what shapes the instance (every plan directive that reaches the instance,
   * each by name, and user roles, not passwords): backends label instances with it to see drift.
   */
  public String hash() {
    StringBuilder shape = new StringBuilder(id.value()).append('\n').append(PlanDirectives.shape(plan));
    users.forEach(u -> shape.append('\n').append(u.name()).append(':').append(u.role()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
