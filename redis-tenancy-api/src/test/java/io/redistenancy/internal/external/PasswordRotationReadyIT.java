package io.redistenancy.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Plan;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.external.TestRedis;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.state.Secrets;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend half of password rotation on external servers, through the SPI as the engine calls
 * it: a spec with two password hashes (the grace period) makes both work on the server, and a spec
 * with the new one only retires the old. The rotation API itself is the engine's.
 */
class PasswordRotationReadyIT {
  private static final TenantId ACME = TenantId.of("acme");

  private Path root;
  private TestRedis server;

  @BeforeEach
  void start() throws Exception {
    root = Files.createTempDirectory("rt-rotation-");
    server = TestRedis.start(root);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    TestFiles.deleteQuietly(root);
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
    try (Backend backend = backendOn.apply(context(root.resolve("home")))) {
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

  /** What the engine would pass; events are not looked at here. */
  private static BackendContext context(Path home) {
    Path work = PrivateFiles.directory(PrivateFiles.directory(home).resolve("external"));
    return new BackendContext() {
      @Override
      public Path home() {
        return home;
      }

      @Override
      public Path workDirectory() {
        return work;
      }

      @Override
      public String ownerId() {
        return "rotation-test";
      }

      @Override
      public InstanceEvents events() {
        return new InstanceEvents() {
          @Override
          public void crashed(TenantId id, String detail) {}

          @Override
          public void restarted(TenantId id, String detail) {}

          @Override
          public void failed(TenantId id, String reason) {}
        };
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    };
  }
}
