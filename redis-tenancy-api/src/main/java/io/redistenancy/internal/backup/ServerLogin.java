package io.redistenancy.internal.backup;

import io.redistenancy.Endpoint;
import java.util.Objects;

/** A server's address and an admin user to act on all of its data with; {@link #toString} hides the password. */
public record ServerLogin(Endpoint endpoint, String user, String password) {
  public ServerLogin {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return user + "@" + endpoint;
  }
}
