package io.redistenancy.internal.engine;

import io.redistenancy.Endpoint;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.spi.AclUser;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Runs commands on an instance as the library's admin user: CONFIG SET, INFO, ACL. */
final class AdminSession {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private AdminSession() {}

  /** What to do on one admin connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(RespConnection conn) throws IOException;
  }

  static <T> T run(String tenant, Endpoint endpoint, SSLContext tls, String adminPassword, Work<T> work) {
    try (RespConnection conn = RespConnection.open(endpoint, TIMEOUT, tls)) {
      conn.auth(AclUser.ADMIN_NAME, adminPassword);
      return work.run(conn);
    } catch (IOException | RespException e) {
      throw new TenancyException("Tenant '" + tenant + "' did not answer the library's admin command on " + endpoint
          + ": " + e.getMessage() + ". Check tenant.status(), or run tenancy.reconcile().", e);
    }
  }
}
