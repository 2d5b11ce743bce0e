package io.redistenancy.internal.external;

import io.redistenancy.internal.resp.RespException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before any tenant is touched, that the admin user may run everything the backend sends on
 * a node: {@code ACL WHOAMI}, then {@code ACL DRYRUN} of each command (which runs nothing). Says
 * exactly which permission is missing.
 */
final class Preflight {
  /** What the backend sends, with sample arguments (a tenant key, the registry key). */
  private static final List<String[]> NEEDED = List.of(
      new String[] {"ACL", "SETUSER", "probe-user"},
      new String[] {"ACL", "DELUSER", "probe-user"},
      new String[] {"ACL", "GETUSER", "probe-user"},
      new String[] {"ACL", "SAVE"},
      new String[] {"CLIENT", "KILL", "USER", "probe-user"},
      new String[] {"CLIENT", "LIST"},
      new String[] {"SCAN", "0", "MATCH", "probe-user:*"},
      new String[] {"UNLINK", "probe-user:k"},
      new String[] {"MEMORY", "USAGE", "probe-user:k"},
      new String[] {"INFO", "memory"},
      new String[] {"CONFIG", "GET", "maxmemory-policy"},
      new String[] {"COMMAND", "INFO", "get"},
      new String[] {"ROLE"},
      new String[] {"HSET", SharedServer.REGISTRY, "f", "v"},
      new String[] {"HGET", SharedServer.REGISTRY, "f"},
      new String[] {"HDEL", SharedServer.REGISTRY, "f"},
      new String[] {"HGETALL", SharedServer.REGISTRY});
  private static final String[] CLUSTER = {"CLUSTER", "NODES"};

  private Preflight() {}

  /** What the admin user may not do on the node behind {@code pool}; empty when it may do all. */
  static List<String> missing(NodePool pool, String user, boolean cluster) throws IOException {
    List<String> missing = new ArrayList<>();
    try {
      pool.call("ACL", "WHOAMI");
    } catch (RespException e) {
      missing.add("may not run ACL WHOAMI (" + e.getMessage() + ") on " + pool.endpoint());
    }
    List<String[]> needed = new ArrayList<>(NEEDED);
    if (cluster) {
      needed.add(CLUSTER);
    }
    for (String[] command : needed) {
      List<String> args = new ArrayList<>(List.of("ACL", "DRYRUN", user));
      args.addAll(List.of(command));
      try {
        Object answer = pool.call(args.toArray(String[]::new));
        if (!"OK".equals(answer)) {
          missing.add("may not run " + String.join(" ", command) + " (" + answer + ") on " + pool.endpoint());
        }
      } catch (RespException e) {
        if ("NOPERM".equals(e.code())) {
          missing.add("may not run ACL DRYRUN, which checks its other permissions, on " + pool.endpoint());
          return missing;
        }
        missing.add("cannot check " + String.join(" ", command) + " (" + e.getMessage() + ") on " + pool.endpoint());
      }
    }
    return missing;
  }
}
