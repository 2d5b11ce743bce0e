package io.redistenancy.internal.external;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code default} user of a server the library does not own. While it is on with any rights it
 * voids every tenant's isolation: a client that never authenticates is {@code default}, a tenant that
 * sends {@code RESET} becomes it, and with {@code requirepass} set anyone who has that password gets
 * it by {@code AUTH <password>}. Read with {@code ACL GETUSER default} by the admin user.
 */
final class DefaultUser {
  /** What fixes it: the user stays, with no way to log in as it. */
  static final String FIX = "ACL SETUSER default off";

  private DefaultUser() {}

  /** Why the default user on the node behind {@code pool} voids isolation; empty when it is off or has no rights. */
  static Optional<String> exposure(NodePool pool) throws IOException {
    List<?> fields = (List<?>) pool.call("ACL", "GETUSER", "default");
    List<?> flags = List.of();
    List<?> selectors = List.of();
    String commands = "";
    String keys = "";
    for (int i = 0; fields != null && i + 1 < fields.size(); i += 2) {
      Object value = fields.get(i + 1);
      switch (fields.get(i).toString()) {
        case "flags" -> flags = (List<?>) value;
        case "selectors" -> selectors = (List<?>) value;
        case "commands" -> commands = SharedServer.string(value);
        case "keys" -> keys = SharedServer.string(value);
        default -> { }
      }
    }
    boolean rights = !"-@all".equals(commands) || !selectors.isEmpty();
    if (!flags.contains("on") || !rights) {
      return Optional.empty();
    }
    String how = flags.contains("nopass")
        ? "it has no password: every client that connects, and every tenant that sends RESET, acts as it"
        : "it has a password (requirepass): whoever has it becomes it by AUTH <password>, and a tenant that"
            + " learns it gets every right";
    return Optional.of("its 'default' user is on with rights (commands '" + commands + "'"
        + (keys.isEmpty() ? "" : ", keys '" + keys + "'") + (selectors.isEmpty() ? "" : ", and selectors") + "): " + how);
  }
}
