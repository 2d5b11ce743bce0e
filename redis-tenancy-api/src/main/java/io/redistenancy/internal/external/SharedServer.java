package io.redistenancy.internal.external;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.ServerTls;
import io.redistenancy.SharedServers;
import io.redistenancy.internal.CoalescedRun;
import io.redistenancy.internal.ScheduledTasks;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.internal.tls.SslContexts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the pool: a standalone master with its replicas, or a whole Redis Cluster, reached
 * through the endpoint it was configured with. Knows its nodes (ROLE or CLUSTER NODES), runs admin
 * commands on one node, on every node, or on the node that owns a key (following MOVED), and keeps
 * the registry hash of which tenant users belong to which tenancy.
 */
final class SharedServer implements AutoCloseable {
  /** Registry of tenant users on this server: field = user, value = "ownerId specHash". */
  static final String REGISTRY = "_redis-tenancy:tenants";
  static final String MIN_VERSION = "7.0.0";

  private static final Logger LOG = LoggerFactory.getLogger(SharedServer.class);
  private static final long RETRY_DOWN_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MEMORY_TTL_NANOS = Duration.ofSeconds(1).toNanos();
  /** MOVED hops a key command follows; a failover may take a few while a node still points at itself. */
  private static final int MAX_REDIRECTS = 20;
  private static final long SETTLE_PAUSE_MILLIS = 50;

  /** A node and its role when last looked at. */
  record Node(Endpoint endpoint, boolean master) {}

  /** How long a change waits for others before the aclfiles are saved. */
  static final Duration SAVE_DELAY = Duration.ofMillis(200);

  private final CoalescedRun save;
  private final Endpoint seed;
  private final ServerTls tls;
  private final SSLContext tlsContext;
  private final String user;
  private final String password;
  private final Duration timeout;
  private final Set<SharedServers.Risk> acceptedRisks;
  private final Map<Endpoint, NodePool> pools = new ConcurrentHashMap<>();
  private volatile boolean cluster;
  private volatile List<Node> nodes = List.of();
  private volatile Set<String> supported = Set.of();
  /** Nodes without an aclfile, with why: their users are lost when they restart. */
  private final Map<Endpoint, String> unpersisted = new ConcurrentHashMap<>();
  private volatile String downReason = "not contacted yet";
  private volatile long lastContactAttempt;
  private volatile long usedMemory;
  private volatile long usedMemoryAt;

  /** @param tls how a TLS seed and its nodes are verified; null for a plaintext server */
  SharedServer(Endpoint seed, ServerTls tls, String user, String password, Duration timeout,
      ScheduledTasks saver, Set<SharedServers.Risk> acceptedRisks) {
    this.acceptedRisks = Set.copyOf(acceptedRisks);
    this.save = new CoalescedRun(saver, SAVE_DELAY, this::saveNow);
    this.seed = seed;
    this.tls = tls;
    this.tlsContext = tls == null ? null : SslContexts.forServer(tls);
    this.user = user;
    this.password = password;
    this.timeout = timeout;
  }

  Endpoint seed() {
    return seed;
  }

  /** How this server is verified, for a TLS server. */
  Optional<ServerTls> tls() {
    return Optional.ofNullable(tls);
  }

  /** A node at {@code address} ({@code host:port}, as ROLE, CLUSTER NODES and MOVED give it), reached like the seed. */
  private Endpoint node(String address) {
    int colon = address.lastIndexOf(':');
    return node(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
  }

  private Endpoint node(String host, int port) {
    return seed.isTls() ? Endpoint.tls(host, port) : Endpoint.tcp(host, port);
  }

  boolean cluster() {
    return cluster;
  }

  List<Node> nodes() {
    return nodes;
  }

  List<Endpoint> masters() {
    return nodes.stream().filter(Node::master).map(Node::endpoint).toList();
  }

  Set<String> supported() {
    return supported;
  }

  Map<Endpoint, String> unpersisted() {
    return Map.copyOf(unpersisted);
  }

  boolean isUp() {
    return downReason == null;
  }

  String downReason() {
    return downReason;
  }

  // ---------------------------------------------------------------- contact and checks

  /**
   * Checks version and permissions and learns the nodes; marks the server up.
   *
   * @throws BackendUnavailableException when the server is reachable but unusable (too old, the admin
   *     user lacks a permission): a configuration error, said exactly
   * @throws IOException when a node cannot be reached
   */
  synchronized void contact() throws IOException {
    lastContactAttempt = System.nanoTime();
    try {
      String info = string(pool(seed).call("INFO", "server"));
      String version = InfoFields.get(info, "redis_version");
      if (compareVersions(version, MIN_VERSION) < 0) {
        throw unavailable("runs Redis " + version + "; shared tenants need Redis " + MIN_VERSION
            + " or newer (ACL selectors, channel patterns, ACL DRYRUN)");
      }
      cluster = "cluster".equals(InfoFields.get(info, "redis_mode"));
      nodes = discoverNodes();
      List<String> problems = new ArrayList<>();
      Set<String> common = null;
      for (Node node : nodes) {
        problems.addAll(Preflight.missing(pool(node.endpoint()), user, cluster));
        Set<String> known = knownCommands(node.endpoint());
        if (common == null) {
          common = known;
        } else {
          common.retainAll(known);
        }
      }
      if (!problems.isEmpty()) {
        throw unavailable("the admin user '" + user + "' " + String.join("; ", new LinkedHashSet<>(problems))
            + ". Grant these on every node (e.g. ACL SETUSER " + user + " on ~* &* +@all), then open the tenancy again");
      }
      requireNoDefaultLogin();
      requireAcceptedRisks();
      supported = Set.copyOf(common);
      for (Node node : nodes) {
        checkPersistence(node.endpoint());
      }
      downReason = null;
    } catch (IOException e) {
      markDown(e);
      throw e;
    } catch (RespException e) {
      if ("WRONGPASS".equals(e.code()) || "NOAUTH".equals(e.code())) {
        throw unavailable("refuses the admin user '" + user + "': " + e.getMessage()
            + ". Check the user and password given to Backends.sharedServers().admin(…)");
      }
      throw unavailable("answered " + e.getMessage());
    }
  }

  /**
   * Refuses the server while any node's {@code default} user is on with rights: a client without a
   * login, or a tenant that sends {@code RESET}, would reach every tenant's keys. ACL users do not
   * replicate, so each node (replicas and cluster nodes too) is asked.
   */
  private void requireNoDefaultLogin() throws IOException {
    List<String> exposed = new ArrayList<>();
    for (Node node : nodes) {
      DefaultUser.exposure(pool(node.endpoint())).ifPresent(why -> exposed.add("node " + node.endpoint() + ": " + why));
    }
    if (!exposed.isEmpty()) {
      throw unavailable("voids the isolation of its tenants: " + String.join("; ", exposed) + ". Run "
          + DefaultUser.FIX + " on each of these nodes (and ACL SAVE to keep it), then open the tenancy again");
    }
  }

  /** Refuses settings of any node that let one tenant evict or starve the others, unless accepted; logs the accepted. */
  private void requireAcceptedRisks() throws IOException {
    List<String> refused = new ArrayList<>();
    Set<SharedServers.Risk> toAccept = new LinkedHashSet<>();
    for (Node node : nodes) {
      for (Map.Entry<SharedServers.Risk, String> risk : ServerRisks.of(pool(node.endpoint())).entrySet()) {
        String what = "node " + node.endpoint() + ": " + risk.getValue();
        if (acceptedRisks.contains(risk.getKey())) {
          LOG.warn("shared server {} accepted with risk {}: {}", seed, risk.getKey(), what);
        } else {
          refused.add(what);
          toAccept.add(risk.getKey());
        }
      }
    }
    if (!refused.isEmpty()) {
      throw unavailable("lets one tenant evict or starve the others: " + String.join("; ", refused) + ". Fix these"
          + " settings (and CONFIG REWRITE to keep them), or accept them with Backends.sharedServers().acceptRisks("
          + toAccept.stream().map(r -> "Risk." + r).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
  }

  /** Tries to reach a server that was down, at most once a second. */
  void retryIfDown() {
    if (downReason != null && System.nanoTime() - lastContactAttempt > RETRY_DOWN_NANOS) {
      try {
        contact();
        LOG.info("shared server {} is reachable again", seed);
      } catch (IOException e) {
        // still down; downReason says why
      }
    }
  }

  void markDown(IOException e) {
    String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (downReason == null) {
      LOG.warn("shared server {} is unreachable: {}", seed, reason);
    }
    downReason = reason;
  }

  private BackendUnavailableException unavailable(String what) {
    return new BackendUnavailableException("Shared Redis server " + seed + " " + what);
  }

  private List<Node> discoverNodes() throws IOException {
    if (cluster) {
      String text = string(pool(seed).call("CLUSTER", "NODES"));
      List<Node> found = new ArrayList<>();
      for (String line : text.split("\n")) {
        String[] f = line.trim().split(" ");
        if (f.length < 3 || f[2].contains("noaddr") || f[2].contains("handshake")) {
          continue;
        }
        Endpoint endpoint = node(f[1].split("[@,]")[0]);
        if (f[2].contains("fail") && !f[2].contains("fail?")) {
          LOG.warn("cluster node {} of {} is marked failed; tenant users are not applied to it", endpoint, seed);
          continue;
        }
        found.add(new Node(endpoint, f[2].contains("master")));
      }
      found.sort((a, b) -> Boolean.compare(!a.endpoint().equals(seed), !b.endpoint().equals(seed)));
      return List.copyOf(found);
    }
    List<?> role = (List<?>) pool(seed).call("ROLE");
    if (!"master".equals(role.get(0))) {
      throw unavailable("is a " + role.get(0) + "; configure its master (replicas are found from it)");
    }
    List<Node> found = new ArrayList<>();
    found.add(new Node(seed, true));
    for (Object r : (List<?>) role.get(2)) {
      List<?> replica = (List<?>) r;
      found.add(new Node(node(replica.get(0).toString(), Integer.parseInt(replica.get(1).toString())), false));
    }
    return List.copyOf(found);
  }

  /** Re-reads the nodes (after a failover the roles change); keeps the old view if that fails. */
  void refreshTopology() {
    try {
      nodes = discoverNodes();
    } catch (IOException | RespException e) {
      LOG.debug("could not refresh the nodes of {}: {}", seed, e.toString());
    }
  }

  private Set<String> knownCommands(Endpoint node) throws IOException {
    List<String> names = AclRules.allowList();
    List<String> args = new ArrayList<>(List.of("COMMAND", "INFO"));
    args.addAll(names);
    List<?> reply = (List<?>) pool(node).call(args.toArray(String[]::new));
    Set<String> known = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (reply.get(i) != null) {
        known.add(names.get(i));
      }
    }
    return known;
  }

  private void checkPersistence(Endpoint node) throws IOException {
    try {
      pool(node).call("ACL", "SAVE");
      unpersisted.remove(node);
    } catch (RespException e) {
      String why = "node " + node + " of " + seed + " cannot persist ACL users (" + e.getMessage()
          + "): they are lost when it restarts; configure an aclfile on it";
      if (unpersisted.put(node, why) == null) {
        LOG.warn(why);
      }
    }
  }

  // ---------------------------------------------------------------- commands

  NodePool pool(Endpoint endpoint) {
    return pools.computeIfAbsent(endpoint, e -> new NodePool(e, user, password, timeout, tlsContext));
  }

  /**
   * Runs {@code action} against this server as one step of {@code what} (e.g. "create tenant 'acme'"):
   * an unreachable server is marked down and said so; an error reply is said with the server's words.
   */
  <T> T work(String what, Call<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      markDown(e);
      throw new BackendUnavailableException("Cannot " + what + ": shared server " + seed + " is unreachable ("
          + downReason + ")", e);
    } catch (RespException e) {
      throw new ProvisioningFailedException("Cannot " + what + ": " + this + " answered " + e.getMessage(), e);
    }
  }

  /** A step of {@link #work}. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  /** Closes a user's connections on every node (a user that does not exist has none). */
  void disconnect(String user) throws IOException {
    for (Node node : nodes) {
      try {
        pool(node.endpoint()).call("CLIENT", "KILL", "USER", user);
      } catch (RespException noSuchUser) {
        // nothing to disconnect
      }
    }
  }

  /** Runs a command on every node (ACL changes do not replicate); all must succeed. */
  void onEveryNode(String... args) throws IOException {
    for (Node node : nodes) {
      pool(node.endpoint()).call(args);
    }
  }

  /** Runs a command on every node and returns each reply; fails on the first unreachable node. */
  <T> List<T> onEveryMaster(Function<NodePool, T> action) {
    List<T> replies = new ArrayList<>();
    for (Endpoint master : masters()) {
      replies.add(action.apply(pool(master)));
    }
    return replies;
  }

  /** Runs a command on the first node (the master of a standalone server). */
  Object onSeed(String... args) throws IOException {
    return pool(nodes.isEmpty() ? seed : nodes.get(0).endpoint()).call(args);
  }

  /** Runs a key command on the node that owns the key, following MOVED redirections. */
  Object routed(String... args) throws IOException {
    return routedFrom(pool(masters().isEmpty() ? seed : masters().get(0)), args);
  }

  /**
   * Like {@link #routed}, trying {@code first} first. Right after a failover a node may send a client
   * back to itself (its view of the slots is still settling): then it waits a moment and asks again.
   */
  Object routedFrom(NodePool first, String... args) throws IOException {
    NodePool target = first;
    for (int hop = 0; ; hop++) {
      try {
        return target.call(args);
      } catch (RespException e) {
        if (!"MOVED".equals(e.code()) || hop >= MAX_REDIRECTS) {
          throw e;
        }
        NodePool next = pool(node(e.getMessage().split(" ")[2]));
        if (next == target) {
          pauseForSlotsToSettle();
        }
        target = next;
      }
    }
  }

  private static void pauseForSlotsToSettle() throws IOException {
    try {
      Thread.sleep(SETTLE_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while the cluster's slots settled");
    }
  }

  /**
   * Asks for {@code ACL SAVE} on every node that has an aclfile, coalesced: a save rewrites the whole
   * aclfile (every user, a few KB each with the allow-list), so one save per change would make
   * creating n tenants cost O(n²). The save runs {@link #SAVE_DELAY} later, once for every change
   * asked for meanwhile; a node that restarts before it loses those users and {@code reconcile()}
   * applies them again.
   */
  void persist() {
    save.request();
  }

  /** Runs a pending save now (on close, or when a test needs the file). */
  void flushPersistence() {
    save.runIfPending();
  }

  private synchronized void saveNow() {
    try {
      saveEveryNode();
    } catch (IOException e) {
      LOG.warn("ACL SAVE on {} failed: {}", seed, e.toString());
    }
  }

  private void saveEveryNode() throws IOException {
    for (Node node : nodes) {
      if (!unpersisted.containsKey(node.endpoint())) {
        try {
          pool(node.endpoint()).call("ACL", "SAVE");
        } catch (RespException e) {
          unpersisted.put(node.endpoint(), "node " + node.endpoint() + " of " + seed
              + " failed to save its ACL users (" + e.getMessage() + ")");
          LOG.warn("ACL SAVE failed on {}: {}", node.endpoint(), e.getMessage());
        }
      }
    }
  }

  /** This tenancy's users on the server: user → spec hash. */
  Map<String, String> registry(String ownerId) throws IOException {
    List<?> flat = (List<?>) routed("HGETALL", REGISTRY);
    Map<String, String> mine = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      String[] value = flat.get(i + 1).toString().split(" ", 2);
      if (value[0].equals(ownerId)) {
        mine.put(flat.get(i).toString(), value.length > 1 ? value[1] : "");
      }
    }
    return mine;
  }

  /** The owner id a user is registered to on this server, or null. */
  String owner(String tenant) throws IOException {
    Object value = routed("HGET", REGISTRY, tenant);
    return value == null ? null : value.toString().split(" ", 2)[0];
  }

  void register(String tenant, String ownerId, String specHash) throws IOException {
    routed("HSET", REGISTRY, tenant, ownerId + " " + specHash);
  }

  void unregister(String tenant) throws IOException {
    routed("HDEL", REGISTRY, tenant);
  }

  /** {@code used_memory} summed over the masters, measured at most once a second. */
  long usedMemory() {
    if (System.nanoTime() - usedMemoryAt > MEMORY_TTL_NANOS) {
      long sum = 0;
      try {
        for (Endpoint master : masters()) {
          sum += Long.parseLong(InfoFields.get(string(pool(master).call("INFO", "memory")), "used_memory"));
        }
        usedMemory = sum;
      } catch (IOException | RespException | NumberFormatException e) {
        LOG.debug("used_memory of {} unknown: {}", seed, e.toString());
      }
      usedMemoryAt = System.nanoTime();
    }
    return usedMemory;
  }

  static String string(Object reply) {
    return reply == null ? "" : reply.toString();
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? parse(x[i]) : 0;
      int q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int parse(String part) {
    try {
      return Integer.parseInt(part.replaceAll("[^0-9].*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    flushPersistence();
    pools.values().forEach(NodePool::close);
  }

  @Override
  public String toString() {
    return (cluster ? "cluster " : "server ") + seed;
  }
}
