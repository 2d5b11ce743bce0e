package io.redistenancy.internal.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A tenant's passwords: the library's admin password and the customer's tenant password. Stored only
 * in a 0600 file; {@link #toString()} never shows them.
 */
public record Secrets(String adminPassword, String tenantPassword) {
  private static final SecureRandom RANDOM = new SecureRandom();

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
