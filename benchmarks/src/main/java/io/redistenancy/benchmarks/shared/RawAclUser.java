package io.redistenancy.benchmarks.shared;

import java.io.IOException;
import java.util.HexFormat;
import java.security.SecureRandom;

/**
 * The baseline of shared-acl, on the same server in the same run: what a hand-written client pays for
 * a new tenant user without the library. {@code ACL SETUSER} (a prefix, a password, a few commands) on
 * one pooled admin connection, then a fresh connection, {@code AUTH} as that user and {@code SET}.
 * Closing deletes the users it made and its admin connection.
 */
final class RawAclUser implements AutoCloseable {
  private final SharedServerProcess server;
  private final RespLine admin;
  private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private int created;

  RawAclUser(SharedServerProcess server) throws IOException {
    this.server = server;
    this.admin = server.admin();
  }

  /** One sample: create user {@code raw-N}, then AUTH and SET on its prefix over a new connection. */
  long sampleNanos() throws IOException {
    String name = "raw-" + created++;
    long start = System.nanoTime();
    admin.command("ACL", "SETUSER", name, "reset", "resetchannels", "on", ">" + password, "~" + name + ":*",
        "&" + name + ":*", "-@all", "+get", "+set", "+del", "+auth", "+ping", "+hello");
    try (RespLine app = RespLine.open(server.port())) {
      app.command("AUTH", name, password);
      app.command("SET", name + ":k", "v");
    }
    return System.nanoTime() - start;
  }

  /** Users made so far (they are in the aclfile after a save, next to the tenants). */
  int created() {
    return created;
  }

  @Override
  public void close() throws IOException {
    try {
      for (int i = 0; i < created; i++) {
        admin.command("ACL", "DELUSER", "raw-" + i);
      }
    } finally {
      admin.close();
    }
  }
}
