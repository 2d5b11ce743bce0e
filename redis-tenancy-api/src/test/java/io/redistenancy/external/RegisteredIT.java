package io.redistenancy.external;

import io.redistenancy.contract.AuthRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RegisteredServers;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.contract.RecordingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole external servers registered as tenants: a real redis-server the test starts, kills and restarts. */
class RegisteredIT {
  @TempDir
  Path root;
  private TestRedis server;
  private Path home;
  private RecordingListener listener;
  private RedisTenancy tenancy;
  private RedisClient client;

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
    home = Files.createTempDirectory(root, "home-");
    listener = new RecordingListener();
    tenancy = open();
    client = RedisClient.create();
  }

  private RedisTenancy open() {
    RegisteredServers registered = Backends.registeredServers()
        .register("acme", "127.0.0.1", server.port(), TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD)
        .healthInterval(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1));
    return RedisTenancy.builder().home(home).backend(registered).listener(listener).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.shutdown();
    tenancy.close();
    server.close();
  }

  private io.lettuce.core.api.StatefulRedisConnection<String, String> connectAs(ConnectionInfo info) {
    return client.connect(RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
        .withAuthentication(info.username(), info.password().toCharArray()).withTimeout(Duration.ofSeconds(2)).build());
  }

  @Test
  void aRegisteredServerIsATenantWithStatusHandoverAndLifecycle() throws Exception {
    server.adminCall("SET", "existing", "data");
    Tenant acme = tenancy.create("acme").apply();
    ConnectionInfo info = acme.connection();
    assertThat(info.endpoint()).isEqualTo(server.endpoint());
    assertThat(info.keyPrefix()).as("the whole server is the tenant's").isEmpty();
    List<Path> files = acme.handover().writeTo(root.resolve("handover"));
    assertThat(Files.readString(files.get(0))).contains("REDIS_USERNAME=acme", "REDIS_PASSWORD=" + info.password());

    try (var conn = connectAs(info)) {
      assertThat(conn.sync().get("existing")).as("the server's data is the tenant's").isEqualTo("data");
      conn.sync().set("mine", "1");
      assertThatThrownBy(() -> conn.sync().configSet("maxmemory", "1")).hasMessageContaining("NOPERM");
    }
    TenantStatus status = acme.status();
    assertThat(status.state()).isEqualTo(TenantState.RUNNING);
    assertThat(status.keys()).isEqualTo(2);
    assertThat(status.usedMemory().toBytes()).isPositive();

    acme.stop();
    assertThat(acme.status().state()).isEqualTo(TenantState.STOPPED);
    assertThat(AuthRefusal.of(info.endpoint(), info.username(), info.password())).startsWith("WRONGPASS");
    acme.start();
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("mine")).isEqualTo("1");
    }

    tenancy.close();
    tenancy = open();
    assertThat(tenancy.tenant("acme")).as("the registration survives a reopen").isPresent();
    assertThat(tenancy.tenant("acme").orElseThrow().status().state()).isEqualTo(TenantState.RUNNING);
  }

  @Test
  void healthEventsFollowTheServerAndStatusSaysWhy() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    server.kill();
    assertThat(listener.await(e -> e.type() == TenancyEvent.Type.CRASHED && e.tenant().equals("acme"),
        Duration.ofSeconds(10))).as("CRASHED when the server stops answering").isTrue();
    TenantStatus down = acme.status();
    assertThat(down.state()).isEqualTo(TenantState.FAILED);
    assertThat(down.problem()).get().asString().contains("registered server " + server.endpoint() + " is unreachable");

    server.restart();
    assertThat(listener.await(e -> e.type() == TenancyEvent.Type.RESTARTED && e.tenant().equals("acme"),
        Duration.ofSeconds(10))).as("RESTARTED when it answers again").isTrue();
    assertThat(acme.status().state()).as("the user was saved to the aclfile").isEqualTo(TenantState.RUNNING);
  }

  @Test
  void deleteOnlyUnregistersAndResetEmptiesTheServer() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
    }
    acme.delete(Deletion.PURGE);
    assertThat(tenancy.tenant("acme")).isEmpty();
    assertThat(server.adminCall("GET", "k")).as("data stays on a registered server").isEqualTo("v");
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).as("the tenant's user is gone").isNull();
    assertThat(listener.types("acme")).containsSubsequence(TenancyEvent.Type.CREATED, TenancyEvent.Type.DELETED);
    assertThat(tenancy.reconcile().isClean()).isTrue();

    Tenant again = tenancy.create("acme").apply();
    again.reset();
    assertThat(server.adminCall("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void theTenantCannotReadTheServersSecretsNorBecomeItsAdmin() throws Exception {
    server.adminCall("CONFIG", "SET", "requirepass", "server-secret");
    server.adminCall("ACL", "SETUSER", "default", "off");
    Tenant acme = tenancy.create("acme").apply();
    try (var conn = acme.connect()) {
      for (String secret : List.of("requirepass", "masterauth", "*")) {
        assertThatThrownBy(() -> conn.sync().configGet(secret)).as(secret).hasMessageContaining("NOPERM");
      }
      conn.sync().set("mine", "1");
      assertThat(conn.sync().get("mine")).as("the rest of the dedicated rules stay").isEqualTo("1");
    }
    assertThat(AuthRefusal.of(server.endpoint(), "default", "server-secret"))
        .as("requirepass does not log in as a default user that is off").startsWith("WRONGPASS");
  }

  @Test
  void aServerWhoseDefaultUserHasRightsIsRefusedWithTheFix() throws Exception {
    server.adminCall("ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all");
    assertThatThrownBy(() -> tenancy.create("acme").apply())
        .hasMessageContaining("cannot be registered on " + server.endpoint())
        .hasMessageContaining("'default' user is on with rights").hasMessageContaining("no password")
        .hasMessageContaining("Run ACL SETUSER default off");
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).as("nothing is left behind").isNull();
    assertThat(tenancy.tenants()).isEmpty();

    server.adminCall("CONFIG", "SET", "requirepass", "server-secret");
    assertThatThrownBy(() -> tenancy.create("acme").apply())
        .hasMessageContaining("it has a password (requirepass)").hasMessageContaining("AUTH <password>")
        .hasMessageNotContaining("server-secret");

    server.adminCall("ACL", "SETUSER", "default", "off");
    assertThat(tenancy.create("acme").apply().status().state()).as("fixed as the message says").isEqualTo(TenantState.RUNNING);
  }

  @Test
  void anUnregisteredNameOrAForeignUserIsRefusedAndLeavesNothing() throws Exception {
    assertThatThrownBy(() -> tenancy.create("other").apply()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Tenant 'other' has no registered server")
        .hasMessageContaining("Backends.registeredServers().register(\"other\"");
    server.adminCall("ACL", "SETUSER", "acme", "on", ">handmade", "~*", "+get");
    assertThatThrownBy(() -> tenancy.create("acme").apply())
        .hasMessageContaining("an ACL user 'acme' exists there that this tenancy did not make");
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).as("the foreign user is untouched").isNotNull();
    assertThat(tenancy.tenants()).isEmpty();
    assertThat(tenancy.reconcile().isClean()).isTrue();
    assertThatThrownBy(() -> Backends.registeredServers().register("a*", "127.0.0.1", 1, "ops", "pw"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Tenant name 'a*'");
  }

  /** A registered server's configuration is its own: a reconfiguration of it is refused with the reason. */
  @Test
  void aReconfigurationOfTheServersSettingsIsRefused() {
    Tenant acme = tenancy.create("acme").apply();

    assertThatThrownBy(() -> acme.reconfigure().persistence(io.redistenancy.Persistence.AOF_ALWAYS).apply())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Tenant 'acme' cannot change persistence to AOF_ALWAYS: on the registered backend it is "
            + "the server's setting")
        .hasMessageEndingWith("Tenant 'acme' was not changed.");
    assertThatThrownBy(() -> acme.reconfigure().maxClients(20).apply()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxClients");
    assertThat(acme.plan().persistence()).isEqualTo(io.redistenancy.Plan.DEFAULT.persistence());
  }
}
