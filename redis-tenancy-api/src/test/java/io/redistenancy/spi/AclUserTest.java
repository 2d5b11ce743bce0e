package io.redistenancy.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AclUserTest {
  private static final String HASH = "0123456789abcdef".repeat(4);

  @Test
  void acceptsTheAdminAndTenantUsers() {
    List<String> hashes = new ArrayList<>(List.of(HASH));
    AclUser tenant = new AclUser("acme", AclUser.Role.TENANT, hashes);
    hashes.add("f".repeat(64));

    assertThat(tenant.passwordHashes()).containsExactly(HASH); // copied
    assertThat(new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(HASH)).name()).isEqualTo("tenancy_admin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "abc", "",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd f",
      "#123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n"})
  void refusesABadHash(String hash) {
    assertThatThrownBy(() -> new AclUser("acme", AclUser.Role.TENANT, List.of(HASH, hash)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user acme: a password hash is not 64 lower-case hex digits");
  }

  @Test
  void refusesNoHash() {
    assertThatThrownBy(() -> new AclUser("acme", AclUser.Role.TENANT, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("user acme needs at least one password hash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme", "acme*", "ac?", "a", "acme ~* +@all", "acme\n", "tenancy_admin", "../acme", "-acme"})
  void refusesABadTenantUserName(String name) {
    assertThatThrownBy(() -> new AclUser(name, AclUser.Role.TENANT, List.of(HASH)))
        .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("Tenant name '");
  }

  @Test
  void refusesRedisBuiltInDefaultUser() {
    assertThatThrownBy(() -> new AclUser("default", AclUser.Role.TENANT, List.of(HASH)))
        .isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessageStartingWith("Tenant name 'default' is reserved");
  }

  @Test
  void theAdminRoleBelongsToTheAdminNameOnly() {
    assertThatThrownBy(() -> new AclUser("acme", AclUser.Role.ADMIN, List.of(HASH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the admin user is named tenancy_admin");
    assertThatThrownBy(() -> new AclUser(null, AclUser.Role.ADMIN, List.of(HASH)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullsAreProgrammingErrors() {
    assertThatThrownBy(() -> new AclUser("acme", null, List.of(HASH))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AclUser("acme", AclUser.Role.TENANT, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AclUser(null, AclUser.Role.TENANT, List.of(HASH))).isInstanceOf(NullPointerException.class);
  }
}
