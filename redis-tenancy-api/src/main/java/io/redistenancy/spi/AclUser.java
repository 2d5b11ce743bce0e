package io.redistenancy.spi;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user to create on a dedicated instance. Carries only SHA-256 password hashes: the cleartext
 * never reaches a backend, a config file or a command line.
 *
 * @param name a tenant name, or {@link #ADMIN_NAME}
 * @param role what the user may do
 * @param passwordHashes hex SHA-256 of each password the user accepts (several during a rotation)
 */
public record AclUser(String name, Role role, List<String> passwordHashes) {
  /** The library's own user. A name no tenant can have ({@code _} is not allowed in tenant names). */
  public static final String ADMIN_NAME = "tenancy_admin";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public AclUser {
    Objects.requireNonNull(role, "role");
    if (role == Role.ADMIN) {
      if (!ADMIN_NAME.equals(name)) {
        throw new IllegalArgumentException("the admin user is named " + ADMIN_NAME);
      }
    } else {
      TenantId.of(name); // valid, and never "default", Redis's built-in user
    }
    passwordHashes = List.copyOf(passwordHashes);
    if (passwordHashes.isEmpty()) {
      throw new IllegalArgumentException("user " + name + " needs at least one password hash");
    }
    for (String hash : passwordHashes) {
      if (!SHA256_HEX.matcher(hash).matches()) {
        throw new IllegalArgumentException("user " + name + ": a password hash is not 64 lower-case hex digits");
      }
    }
  }

  /** What a user may do. */
  public enum Role {
    /** Everything: the library uses it for CONFIG SET, INFO, backups and rotation. */
    ADMIN,
    /**
     * An application's whole command set on its own instance, but no administration: no CONFIG
     * SET/REWRITE/RESETSTAT, DEBUG, MODULE, ACL changes, SHUTDOWN, replication, SAVE, BGREWRITEAOF.
     */
    TENANT
  }
}
