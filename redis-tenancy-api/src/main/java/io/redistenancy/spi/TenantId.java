package io.redistenancy.spi;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.internal.Names;

/**
 * A validated tenant name: 2–32 characters of {@code a-z 0-9 -}, starting with a letter, not ending
 * with {@code -}, and not {@code default}. Backends may use it as it is in file names, socket paths, container and unit
 * instance names, ACL user names and key prefixes.
 */
public record TenantId(String value) implements Comparable<TenantId> {
  public TenantId {
    Names.requireValid("Tenant name", value);
    if (value.equals("default")) {
      throw new InvalidRequestException("Tenant name 'default' is reserved: it is Redis's built-in user, "
          + "which every instance keeps switched off. Choose another name.");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public int compareTo(TenantId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
