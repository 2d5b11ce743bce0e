package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantStatus;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant on a real 3+3 Redis Cluster: ACL on all six nodes, a cluster client, a failover. */
class SharedClusterIT {
  private static Path root;
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    root = Files.createTempDirectory("rt-cluster-");
    cluster = TestCluster.start(root);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    TestFiles.deleteQuietly(root);
  }

  @Test
  void tenantWorksOnEveryNodeAndSurvivesAFailover() throws Exception {
    Path home = Files.createTempDirectory(root, "home-");
    TestRedis anyNode = cluster.withRole("slave").get(0); // any node will do, even a replica
    RedisClusterClient client = null;
    try (RedisTenancy tenancy = RedisTenancy.builder().home(home).backend(Backends.sharedServers()
        .server("127.0.0.1", anyNode.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD)).build()) {
      Tenant acme = tenancy.create("acme").apply();
      Tenant other = tenancy.create("other").apply();
      for (TestRedis node : cluster.nodes()) {
        assertThat(node.adminCall("ACL", "GETUSER", "acme")).as("user on " + node.port()).isNotNull();
      }
      ConnectionInfo info = acme.connection();
      // the node it was given first (here a replica), then the masters
      assertThat(info.endpoints()).hasSize(4).first().isEqualTo(anyNode.endpoint());
      writeAsOther(other.connection());

      RedisURI uri = info.redisUri();
      client = RedisClusterClient.create(uri);
      try (StatefulRedisClusterConnection<String, String> conn = client.connect(KeyPrefixCodec.of(info))) {
        for (int i = 0; i < 200; i++) {
          conn.sync().set("k" + i, "v" + i);
        }
        assertThat(conn.sync().get("k150")).isEqualTo("v150");
        assertThatThrownBy(() -> conn.sync().keys("*")).hasMessageContaining("NOPERM");
      }
      int mastersHoldingKeys = 0;
      for (TestRedis master : cluster.withRole("master")) {
        mastersHoldingKeys += ((List<?>) master.adminCall("KEYS", "acme:*")).isEmpty() ? 0 : 1;
      }
      assertThat(mastersHoldingKeys).as("keys spread over the slots of every master").isEqualTo(3);
      TenantStatus status = acme.status();
      assertThat(status.keys()).isEqualTo(200);

      // promote a replica; the ACL was applied there before, and still holds
      TestRedis replica = cluster.withRole("slave").get(0);
      replica.adminCall("CLUSTER", "FAILOVER");
      awaitRole(replica, "master");
      cluster.awaitHealthy(Duration.ofSeconds(30));
      try (RespConnection raw = RespConnection.open(replica.endpoint(), Duration.ofSeconds(5))) {
        raw.auth(info.username(), info.password());
        assertThat(raw.callString("PING")).isEqualTo("PONG");
        assertThatThrownBy(() -> raw.call("KEYS", "*")).isInstanceOf(RespException.class).hasMessageStartingWith("NOPERM");
        assertThatThrownBy(() -> raw.call("GET", "other:k")).hasMessageStartingWith("NOPERM");
        assertThatThrownBy(() -> raw.call("FLUSHALL")).hasMessageStartingWith("NOPERM");
        assertThatThrownBy(() -> raw.call("CLUSTER", "GETKEYSINSLOT", "0", "10")).hasMessageStartingWith("NOPERM");
      }
      try (StatefulRedisClusterConnection<String, String> conn = client.connect(KeyPrefixCodec.of(info))) {
        conn.sync().set("after-failover", "1");
        assertThat(conn.sync().get("k7")).isEqualTo("v7");
      }

      acme.delete(Deletion.PURGE);
      for (TestRedis node : cluster.nodes()) {
        assertThat(node.adminCall("ACL", "GETUSER", "acme")).as("user gone from " + node.port()).isNull();
      }
      for (TestRedis master : cluster.withRole("master")) {
        assertThat((List<?>) master.adminCall("KEYS", "acme:*")).as("keys gone from " + master.port()).isEmpty();
      }
      assertThat(other.status().keys()).as("the other tenant's key is untouched").isEqualTo(1);
      other.delete(Deletion.PURGE);
    } finally {
      if (client != null) {
        client.shutdown();
      }
      TestFiles.deleteQuietly(home);
    }
  }

  private static void writeAsOther(ConnectionInfo other) throws Exception {
    RedisClusterClient c = RedisClusterClient.create(other.redisUri());
    try (var conn = c.connect(KeyPrefixCodec.of(other))) {
      conn.sync().set("k", "theirs");
    } finally {
      c.shutdown();
    }
  }

  private static void awaitRole(TestRedis node, String role) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!role.equals(((List<?>) node.adminCall("ROLE")).get(0))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node.port() + " did not become " + role);
      }
      Thread.sleep(50);
    }
  }
}
