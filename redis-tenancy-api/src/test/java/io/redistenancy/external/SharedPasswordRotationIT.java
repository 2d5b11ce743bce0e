package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password rotation through the public API on a shared server: the backend applies both hashes, then one. */
class SharedPasswordRotationIT {
  @TempDir
  Path root;

  @Test
  void aSharedTenantKeepsItsOldPasswordForTheGracePeriodOnly() throws Exception {
    try (TestRedis server = TestRedis.start(root);
        RedisTenancy tenancy = RedisTenancy.builder().home(root.resolve("home"))
            .backend(Backends.sharedServers().server("127.0.0.1", server.port())
                .admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD)).build()) {
      Tenant acme = tenancy.create("acme").apply();
      ConnectionInfo before = acme.connection();
      try (var writer = acme.connect()) {
        writer.sync().set("k", "1");
        acme.rotatePassword(Duration.ofMinutes(10));
        ConnectionInfo after = acme.connection();
        assertThat(authenticates(server, before)).as("old, during the grace period").isTrue();
        assertThat(authenticates(server, after)).isTrue();
        assertThat(writer.sync().get("k")).as("an open connection stays open").isEqualTo("1");

        acme.finishPasswordRotation();
        assertThat(authenticates(server, before)).as("old, after the grace period").isFalse();
        assertThat(authenticates(server, after)).isTrue();
        assertThat(writer.sync().get("k")).isEqualTo("1");
      }
      acme.delete(Deletion.PURGE);
    }
  }

  private static boolean authenticates(TestRedis server, ConnectionInfo info) throws Exception {
    try (RespConnection conn = RespConnection.open(server.endpoint(), Duration.ofSeconds(5))) {
      conn.auth(info.username(), info.password());
      return true;
    } catch (RespException e) {
      return false;
    }
  }
}
