package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Backends;
import io.redistenancy.RedisTenancy;
import io.redistenancy.SharedServers;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared servers whose own setup would void the tenants' isolation: refused at open, with the fix. */
class SharedServerSetupIT {
  @TempDir
  Path root;
  private TestRedis master;
  private TestRedis replica;
  private Path home;

  @BeforeEach
  void start() throws Exception {
    master = TestRedis.start(root);
    home = Files.createTempDirectory(root, "home-");
  }

  @AfterEach
  void stop() throws Exception {
    if (replica != null) {
      replica.close();
    }
    master.close();
  }

  private SharedServers shared() {
    return Backends.sharedServers().server("127.0.0.1", master.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
  }

  private RedisTenancy open(SharedServers shared) {
    return RedisTenancy.builder().home(home).backend(shared).build();
  }

  /** A replica of {@code master}, once the master lists it (ROLE is how the backend finds replicas). */
  private TestRedis startReplica() throws Exception {
    TestRedis started = TestRedis.start(root, true, List.of("replicaof 127.0.0.1 " + master.port()));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (((List<?>) ((List<?>) master.adminCall("ROLE")).get(2)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replica on " + started.port() + " did not attach to its master");
      }
      Thread.sleep(20);
    }
    return started;
  }

  @Test
  void aDefaultUserWithRightsOnAnyNodeIsRefusedNamingTheNodeAndTheFix() throws Exception {
    replica = startReplica();
    replica.adminCall("ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all");
    assertThatThrownBy(() -> open(shared())).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("Shared Redis server " + master.endpoint() + " voids the isolation of its tenants")
        .hasMessageContaining("node " + replica.endpoint() + ": its 'default' user is on with rights")
        .hasMessageNotContaining("node " + master.endpoint() + ":")
        .hasMessageContaining("Run ACL SETUSER default off on each of these nodes");

    replica.adminCall("ACL", "SETUSER", "default", "off");
    master.adminCall("ACL", "SETUSER", "default", "on", ">pw", "+get");
    assertThatThrownBy(() -> open(shared())).hasMessageContaining("node " + master.endpoint() + ": its 'default' user")
        .hasMessageContaining("requirepass");

    master.adminCall("ACL", "SETUSER", "default", "on", "nopass", "-@all", "resetkeys");
    try (RedisTenancy tenancy = open(shared())) {
      Tenant acme = tenancy.create("acme").apply();
      assertThat(acme.status().state()).as("a default user without rights is harmless").isEqualTo(TenantState.RUNNING);
      acme.delete(io.redistenancy.Deletion.PURGE);
    }
  }

  @Test
  void settingsThatLetOneTenantEvictOrStarveTheOthersAreRefusedUnlessAccepted() throws Exception {
    master.adminCall("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    master.adminCall("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0");
    master.adminCall("CONFIG", "SET", "maxmemory-clients", "0");
    master.adminCall("CONFIG", "SET", "proto-max-bulk-len", "512mb");
    assertThatThrownBy(() -> open(shared())).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("Shared Redis server " + master.endpoint() + " lets one tenant evict or starve the others")
        .hasMessageContaining("maxmemory-policy is allkeys-lru").hasMessageContaining("CONFIG SET maxmemory-policy noeviction")
        .hasMessageContaining("no limit for normal clients").hasMessageContaining("maxmemory-clients is 0")
        .hasMessageContaining("proto-max-bulk-len is 536870912")
        .hasMessageContaining("acceptRisks(Risk.EVICTION, Risk.UNLIMITED_OUTPUT_BUFFERS, Risk.UNLIMITED_CLIENT_MEMORY,"
            + " Risk.HUGE_REQUESTS)");
    assertThatThrownBy(() -> open(shared().acceptRisks(SharedServers.Risk.EVICTION)))
        .hasMessageNotContaining("maxmemory-policy").hasMessageContaining("maxmemory-clients is 0");
    try (RedisTenancy tenancy = open(shared().acceptRisks(SharedServers.Risk.values()))) {
      assertThat(tenancy.create("acme").apply().status().state()).as("accepted explicitly").isEqualTo(TenantState.RUNNING);
      tenancy.tenant("acme").orElseThrow().delete(io.redistenancy.Deletion.PURGE);
    }
  }

  @Test
  void aServerThatGivesNewUsersEveryChannelNeitherBreaksCreatesNorGivesThemToATenant() throws Exception {
    master.adminCall("CONFIG", "SET", "acl-pubsub-default", "allchannels");
    try (RedisTenancy tenancy = open(shared())) {
      Tenant acme = tenancy.create("acme").apply();
      tenancy.create("globex").apply();
      ConnectionInfo info = acme.connection();
      try (RespConnection raw = RespConnection.open(info.endpoint(), Duration.ofSeconds(5))) {
        raw.auth(info.username(), info.password());
        assertThat(raw.call("PUBLISH", "acme:news", "hi")).isEqualTo(0L);
        for (String[] refused : List.of(new String[] {"PUBLISH", "globex:news", "spoof"},
            new String[] {"SUBSCRIBE", "globex:news"}, new String[] {"PSUBSCRIBE", "*"})) {
          assertThatThrownBy(() -> raw.call(refused)).as(String.join(" ", refused)).isInstanceOf(RespException.class)
              .hasMessageContaining("NOPERM");
        }
      }
      assertThat(strings(master.adminCall("ACL", "GETUSER", "acme"))).as("its own channels only")
          .contains("&acme:*").doesNotContain("&*");
    }
  }

  private static List<String> strings(Object reply) {
    return ((List<?>) reply).stream().map(String::valueOf).toList();
  }
}
