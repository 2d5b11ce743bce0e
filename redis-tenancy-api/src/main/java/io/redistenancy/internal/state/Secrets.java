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
 */
public record Secrets(String adminPassword, String tenantPassword, String retiringTenantPassword,
    String retiringUntil) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public Secrets(String adminPassword, String tenantPassword) {
    this(adminPassword, tenantPassword, null, null);
  }

  /** A new tenant password; the current one keeps working until {@code until}. */
  public Secrets rotated(String newTenantPassword, Instant until) {
    return new Secrets(adminPassword, newTenantPassword, tenantPassword, until.toString());
  }

  /** Without the retiring password: the grace period is over. */
  public Secrets retired() {
    return new Secrets(adminPassword, tenantPassword);
  }

  /** When the retiring password stops working, during a rotation. */
  public Optional<Instant> retiringAt() {
    return Optional.ofNullable(retiringUntil).map(Instant::parse);
  }

  /** SHA-256 of every password the tenant user accepts now: the current one first. */
  public List<String> tenantPasswordHashes() {
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
