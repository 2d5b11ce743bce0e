package io.redistenancy.internal.local;

import io.redistenancy.Plan;
import io.redistenancy.contract.TestPasswords;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.util.List;

/** A spec as the engine would resolve it, with the cleartext passwords the test connects with. */
record TestTenant(TenantId id, InstanceSpec spec, String password, String adminPassword) {

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
    return TestPasswords.random();
  }

  static String sha256(String text) {
    return TestPasswords.sha256(text);
  }
}
