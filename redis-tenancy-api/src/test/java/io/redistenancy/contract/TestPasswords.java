package io.redistenancy.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Passwords for tests that build instance specs themselves, as the engine would. */
public final class TestPasswords {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestPasswords() {}

  /** 32 random bytes, URL-safe Base64: the shape of the engine's passwords. */
  public static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Hex SHA-256 of {@code password}: the form ACL rules and {@code AclUser} carry. */
  public static String sha256(String password) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
