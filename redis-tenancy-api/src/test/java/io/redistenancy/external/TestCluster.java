package io.redistenancy.external;

import io.redistenancy.internal.resp.RespConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster on loopback: 3 masters and 3 replicas made with {@code redis-cli --cluster
 * create … --cluster-replicas 1}, every node with the admin user in its aclfile.
 */
public final class TestCluster implements AutoCloseable {
  private final List<TestRedis> nodes;

  private TestCluster(List<TestRedis> nodes) {
    this.nodes = nodes;
  }

  public static TestCluster start(Path root) throws Exception {
    List<TestRedis> nodes = new ArrayList<>();
    TestCluster cluster = new TestCluster(nodes);
    try {
      for (int i = 0; i < 6; i++) {
        nodes.add(TestRedis.start(root, true, List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
            "cluster-node-timeout 2000", "cluster-replica-validity-factor 0")));
      }
      List<String> args = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      nodes.forEach(n -> args.add("127.0.0.1:" + n.port()));
      args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes", "--user", TestRedis.ADMIN,
          "--pass", TestRedis.ADMIN_PASSWORD, "--no-auth-warning"));
      Process create = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(create.getInputStream().readAllBytes());
      if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      cluster.awaitHealthy(Duration.ofSeconds(30));
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Waits until every node sees the cluster ok, every replica is in sync with its master, and every
   * node's view of the roles has converged (3 masters and 3 replicas, none failing): gossip may lag the
   * replication links.
   */
  public void awaitHealthy(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean healthy = true;
      for (TestRedis node : nodes) {
        try (RespConnection conn = node.admin()) {
          String info = conn.callString("CLUSTER", "INFO");
          String replication = conn.callString("INFO", "replication");
          List<String> flags = conn.callString("CLUSTER", "NODES").lines().map(l -> l.split(" ")[2]).toList();
          healthy &= info.contains("cluster_state:ok")
              && (replication.contains("role:master") || replication.contains("master_link_status:up"))
              && flags.stream().filter(f -> f.contains("master")).count() == nodes.size() / 2
              && flags.stream().filter(f -> f.contains("slave")).count() == nodes.size() / 2
              && flags.stream().noneMatch(f -> f.contains("fail") || f.contains("handshake"));
        }
      }
      if (healthy) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not become healthy within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  public List<TestRedis> nodes() {
    return nodes;
  }

  public List<TestRedis> withRole(String role) throws Exception {
    List<TestRedis> found = new ArrayList<>();
    for (TestRedis node : nodes) {
      List<?> r = (List<?>) node.adminCall("ROLE");
      if (role.equals(r.get(0))) {
        found.add(node);
      }
    }
    return found;
  }

  @Override
  public void close() throws Exception {
    for (TestRedis node : nodes) {
      node.close();
    }
  }
}
