package io.redistenancy.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Plan;
import io.redistenancy.external.TestRedis;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.spi.AclUser;
import io.redistenancy.internal.local.TestContext;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend half of password rotation on external servers, through the SPI as the engine calls
 * it: a spec with two password hashes (the grace period) makes both work on the server, and a spec
 * with the new one only retires the old. The rotation API itself is the engine's.
 */
class PasswordRotationReadyIT {
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir
  Path root;
  private TestRedis server;

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aSharedTenantAcceptsBothPasswordsDuringTheGracePeriod() throws Exception {
    rotate(ctx -> Backends.sharedServers().server("127.0.0.1", server.port())
        .admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD).create(ctx));
  }

  @Test
  void aRegisteredTenantAcceptsBothPasswordsDuringTheGracePeriod() throws Exception {
    rotate(ctx -> Backends.registeredServers()
        .register("acme", "127.0.0.1", server.port(), TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD).create(ctx));
  }

  private void rotate(Function<BackendContext, Backend> backendOn) throws Exception {
    try (Backend backend = backendOn.apply(new TestContext(root.resolve("home")))) {
      backend.provision(spec("old-password"));
      assertThat(authenticates("old-password")).isTrue();

      backend.reconfigure(spec("old-password", "new-password"));
      assertThat(authenticates("old-password")).as("grace period: the old one still works").isTrue();
      assertThat(authenticates("new-password")).isTrue();

      backend.reconfigure(spec("new-password"));
      assertThat(authenticates("new-password")).isTrue();
      assertThatThrownBy(() -> authenticates("old-password")).hasMessageContaining("WRONGPASS");
      backend.remove(ACME, io.redistenancy.Deletion.PURGE);
    }
  }

  private static InstanceSpec spec(String... passwords) {
    List<String> hashes = java.util.Arrays.stream(passwords).map(Secrets::sha256).toList();
    return new InstanceSpec(ACME, Plan.builder("basic").build(), List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(Secrets.sha256("admin"))),
        new AclUser("acme", AclUser.Role.TENANT, hashes)));
  }

  private boolean authenticates(String password) throws Exception {
    try (RespConnection conn = RespConnection.open(server.endpoint(), Duration.ofSeconds(5))) {
      conn.auth("acme", password);
      return "PONG".equals(conn.callString("PING"));
    }
  }
}
