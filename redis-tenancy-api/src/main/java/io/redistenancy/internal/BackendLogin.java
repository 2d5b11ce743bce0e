package io.redistenancy.internal;

import io.redistenancy.internal.state.Secrets;
import io.redistenancy.spi.AclUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A backend's own password for a tenant's admin user: the engine's never reaches a backend, and the
 * backend needs a login of its own to give a started instance its TCP port over its UNIX socket.
 * Rendered into the ACL file as one more hash of the admin user, kept in clear only in a file private
 * to the backend (the local backend's {@code tenants/NAME/backend.secret}, 0600 in the tenant's 0700
 * directory; the systemd backend's root-only file beside the config), used only over that socket.
 */
public final class BackendLogin {
  private BackendLogin() {}

  /** The tenant's backend password, made (durable at {@code pending}'s next sync) if it has none yet. */
  public static String ensure(Path file, DeferredSync pending) {
    return read(file).orElseGet(() -> {
      String password = newPassword();
      pending.write(file, password);
      return password;
    });
  }

  /** A new backend password. */
  public static String newPassword() {
    return Secrets.newPassword();
  }

  public static Optional<String> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw Checked.failure("read " + file, e);
    }
  }

  /** {@code users} with the backend's password added to the admin user's. */
  public static List<AclUser> addTo(List<AclUser> users, String password) {
    List<AclUser> out = new ArrayList<>(users.size());
    for (AclUser user : users) {
      if (user.role() == AclUser.Role.ADMIN) {
        List<String> hashes = new ArrayList<>(user.passwordHashes());
        hashes.add(Secrets.sha256(password));
        out.add(new AclUser(user.name(), user.role(), hashes));
      } else {
        out.add(user);
      }
    }
    return out;
  }
}
