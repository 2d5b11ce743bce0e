package io.redistenancy.internal.local;

import io.redistenancy.Plan;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A spec as the engine would resolve it, with the cleartext passwords the test connects with. */
record TestTenant(TenantId id, InstanceSpec spec, String password, String adminPassword) {
  private static final SecureRandom RANDOM = new SecureRandom();

  static TestTenant create(String name) {
    return create(name, Plan.DEFAULT);
  }

  static TestTenant create(String name, Plan plan) {
    TenantId id = TenantId.of(name);
    String password = randomPassword();
    String adminPassword = randomPassword();
    InstanceSpec spec = new InstanceSpec(id, plan, List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(sha256(adminPassword))),
        new AclUser(name, AclUser.Role.TENANT, List.of(sha256(password)))));
    return new TestTenant(id, spec, password, adminPassword);
  }

  String user() {
    return id.value();
  }

  static String randomPassword() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
