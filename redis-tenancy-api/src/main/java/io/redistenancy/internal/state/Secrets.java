package io.redistenancy.internal.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's passwords: the library's admin password and the customer's tenant password, plus during
 * a rotation the previous tenant password and when it stops working. Stored only in a 0600 file;
 * {@link #toString()} never shows them.
 *
 * @param retiringTenantPassword the previous tenant password during a rotation's grace period, or null
 * @param retiringUntil when the grace period ends (ISO-8601), or null
 * @param pendingTenantPassword a rotation's new password while it is being applied, given out to no one; left
 *     here by a rotation that failed (or a crash), it may have reached the server and must be withdrawn from it
 * @param disconnectAtGraceEnd whether the tenant user's open connections are closed when the grace period ends
 *     (null: no)
 */
public record Secrets(String adminPassword, String tenantPassword, String retiringTenantPassword,
    String retiringUntil, String pendingTenantPassword, Boolean disconnectAtGraceEnd) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public Secrets(String adminPassword, String tenantPassword) {
    this(adminPassword, tenantPassword, null, null, null, null);
  }

  public Secrets(String adminPassword, String tenantPassword, String retiringTenantPassword, String retiringUntil) {
    this(adminPassword, tenantPassword, retiringTenantPassword, retiringUntil, null, null);
  }

  /**
   * The intent of a rotation to {@code newTenantPassword}, recorded before the server sees it: the tenant user
   * accepts the new and the current password, and the current one is still the one given out.
   */
  public Secrets rotating(String newTenantPassword) {
    return new Secrets(adminPassword, tenantPassword, retiringTenantPassword, retiringUntil, newTenantPassword,
        disconnectAtGraceEnd);
  }

  /**
   * The rotation applied: the pending password is the tenant's; the current one keeps working until {@code until},
   * when the tenant user's connections are closed if {@code disconnect}.
   */
  public Secrets rotated(Instant until, boolean disconnect) {
    if (pendingTenantPassword == null) {
      throw new IllegalStateException("no rotation is pending");
    }
    return new Secrets(adminPassword, pendingTenantPassword, tenantPassword, until.toString(), null, disconnect);
  }

  /** Whether the end of the grace period closes the tenant user's open connections. */
  public boolean disconnectsAtGraceEnd() {
    return Boolean.TRUE.equals(disconnectAtGraceEnd);
  }

  /** Without a pending rotation's password: what the tenant had before it. */
  public Secrets withoutPending() {
    return new Secrets(adminPassword, tenantPassword, retiringTenantPassword, retiringUntil, null,
        disconnectAtGraceEnd);
  }

  /** Whether a rotation's password may be on the server without being given out (see {@link #withoutPending()}). */
  public boolean hasPending() {
    return pendingTenantPassword != null;
  }

  /** Without the retiring password: the grace period is over. */
  public Secrets retired() {
    return new Secrets(adminPassword, tenantPassword, null, null, pendingTenantPassword, null);
  }

  /** When the retiring password stops working, during a rotation. */
  public Optional<Instant> retiringAt() {
    return Optional.ofNullable(retiringUntil).map(Instant::parse);
  }

  /**
   * SHA-256 of every password the tenant user accepts now: the current one first; during a rotation the pending
   * and the current one (a rotation ends an earlier one's grace period at once).
   */
  public List<String> tenantPasswordHashes() {
    if (pendingTenantPassword != null) {
      return List.of(sha256(pendingTenantPassword), sha256(tenantPassword));
    }
    return retiringTenantPassword == null ? List.of(sha256(tenantPassword))
        : List.of(sha256(tenantPassword), sha256(retiringTenantPassword));
  }

  /** Two fresh passwords, each 32 random bytes as 64 hex digits. */
  public static Secrets generate() {
    return new Secrets(newPassword(), newPassword());
  }

  public static String newPassword() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Lower-case hex SHA-256, the form ACL rules take after {@code #}. */
  public static String sha256(String password) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "Secrets[****]";
  }
}
