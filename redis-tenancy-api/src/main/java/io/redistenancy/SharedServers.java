package io.redistenancy;

import io.redistenancy.internal.Names;
import io.redistenancy.internal.external.SharedAclBackend;
import io.redistenancy.internal.external.SharedSettings;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the shared-servers backend: every tenant is an ACL user with a key prefix on Redis
 * servers someone else runs (standalone servers, or Redis Clusters reached through any of their
 * nodes). Pass it to {@code RedisTenancy.Builder.backend(…)}; get one from
 * {@link Backends#sharedServers()}.
 *
 * <h2>What a tenant gets</h2>
 * An ACL user named after the tenant, with its password hashes only ({@code #sha256}), the key
 * pattern {@code NAME:*}, the channel pattern {@code NAME:*} and an <em>allow-list</em> of an
 * application's commands (strings, hashes, lists, sets, sorted sets, streams, geo, HyperLogLog,
 * bitmaps, pub/sub on its own channels, MULTI/EXEC/WATCH, TTLs, the connection handshake). Commands
 * that would leak or destroy other tenants' data are refused: SCAN, KEYS, RANDOMKEY, DBSIZE,
 * FLUSHALL, FLUSHDB, SELECT (even {@code SELECT 0}: a tenant stays on db 0), MOVE, SWAPDB, COPY, FUNCTION, SCRIPT,
 * EVAL, PUBSUB, CLIENT LIST/KILL/TRACKING/CACHING, MEMORY STATS/DOCTOR, INFO, CONFIG, MONITOR, and
 * every command the list does not name (module commands and commands of newer servers included).
 * {@code Tenant.connection().keyPrefix()} is {@code NAME:}; {@link KeyPrefixCodec} applies it for
 * Lettuce applications.
 *
 * <h2>Where the ACL goes</h2>
 * ACL users do not replicate: the backend applies each change on every node (replicas, and every
 * node of a cluster, included) and runs {@code ACL SAVE} on the nodes that have an aclfile, coalesced
 * (at most one save per 200 ms, and one when the tenancy closes: a save rewrites the whole file). A
 * node without an aclfile is reported in the log and in the tenant's status. Users a node loses when
 * it restarts (no aclfile, or a change not yet saved) are applied again by {@code tenancy.reconcile()}.
 *
 * <h2>Limits</h2>
 * Redis has no per-user memory limit. A plan's {@code maxMemory} is accepted here as a
 * <em>quota</em>, enforced as far as ACLs can: the backend measures its tenants on its own every
 * {@link #quotaCheckInterval} (default 15 s), and a tenant found over its quota is switched to
 * commands that read and delete but never store more (a write is refused with {@code NOPERM}) and a
 * {@link TenancyEvent.Type#QUOTA_EXCEEDED} event is sent; found under it again, it gets the full rules
 * back and {@link TenancyEvent.Type#QUOTA_RESTORED} is sent. {@code Tenant.status()} measures and
 * enforces the same way at once. A check is one plain {@code SCAN} pass over each server's keyspace
 * for all tenants together (each key counted for the tenant its prefix names, {@code MEMORY USAGE} of
 * the first {@link #memorySamples} keys of each tenant), spread over several checks of at most 2 s
 * each where the keyspace is large: a tenant may go over its quota by what it writes until the next
 * complete pass. The quotas are kept in the tenancy's home, so a tenancy opened again enforces them
 * before anything asks. Redis cannot limit connections or CPU per user: a tenant may open as many
 * connections as the server's {@code maxclients} allows and run slow commands on its own keys. The
 * eviction policy, persistence, client limit and idle timeout of a plan are the server's, not the
 * tenant's, and are ignored. Stopping a tenant switches its user off and disconnects its clients; its
 * keys stay.
 *
 * <h2>The admin user</h2>
 * The backend needs a user of its own on every node that may run {@code ACL SETUSER}, {@code ACL
 * DELUSER}, {@code ACL GETUSER}, {@code ACL SAVE}, {@code ACL DRYRUN}, {@code CLIENT KILL},
 * {@code CLIENT LIST}, {@code SCAN}, {@code UNLINK}, {@code MEMORY USAGE}, {@code INFO},
 * {@code COMMAND INFO}, {@code ROLE}, {@code CONFIG GET} (the settings below), {@code HSET}/{@code HDEL}/{@code HGETALL} on its registry key
 * {@code _redis-tenancy:tenants} (no tenant can reach it: tenant names never start with
 * {@code _}), and {@code CLUSTER NODES} on a cluster. It checks all of this when the tenancy opens
 * and says exactly what is missing. Redis 7.0 or newer is required.
 *
 * <h2>What the servers must not allow</h2>
 * A server is refused when it opens while the {@code default} user of any node (replicas and
 * cluster nodes included: ACL users do not replicate) is on with any rights: a client that never
 * logs in is {@code default}, and a tenant that sends {@code RESET} becomes it. The message names
 * the nodes and the fix, {@code ACL SETUSER default off}. A server whose settings let one tenant
 * evict or starve the others ({@link Risk}) is refused too, naming the setting, its value and the
 * fix, unless the risk is accepted with {@link #acceptRisks}.
 *
 * <h2>Backups</h2>
 * On a standalone server, {@code tenant.backups()} backs up and restores the tenant's own
 * keys: the server's replication snapshot is cut down to the tenant's prefix in a private scratch
 * {@code redis-server}, so a backup is one point in time but transfers the whole server; a restore
 * replaces only the tenant's keys. The admin user then also needs {@code SYNC}, {@code PSYNC},
 * {@code REPLCONF}, {@code EVAL} and {@code RESTORE} (not checked at open: a backup says what is
 * refused). Shared clusters refuse backups; TLS servers are backed up over TLS. See the README's
 * "Backups" section.
 *
 * <h2>TLS</h2>
 * A server added with {@link #server(String, int, ServerTls)} is reached over TLS by the library and
 * by the tenants' clients: {@code Tenant.connection()} carries its trust (and client certificate).
 */
public final class SharedServers implements BackendFactory {
  /** How often the backend checks its tenants' quotas by default. */
  private static final Duration DEFAULT_QUOTA_CHECK_INTERVAL = Duration.ofSeconds(15);
  private static final Duration MIN_QUOTA_CHECK_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_QUOTA_CHECK_INTERVAL = Duration.ofHours(1);
  private final List<Endpoint> servers = new ArrayList<>();
  private final Map<Endpoint, ServerTls> tls = new HashMap<>();
  private String adminUser;
  private String adminPassword;
  private Placement placement = Placement.leastLoaded();
  private Duration timeout = Duration.ofSeconds(5);
  private int memorySamples = 64;
  private Duration quotaCheckInterval = DEFAULT_QUOTA_CHECK_INTERVAL;
  private final Set<Risk> acceptedRisks = EnumSet.noneOf(Risk.class);

  SharedServers() {}

  /**
   * Adds a server: a standalone master (its replicas are found with {@code ROLE}), or any node of a
   * Redis Cluster (the others are found with {@code CLUSTER NODES}). Each call adds one server to the
   * pool tenants are placed on.
   */
  public SharedServers server(String host, int port) {
    return add(Endpoint.tcp(host, port), null);
  }

  /**
   * Adds a server that speaks TLS on {@code host:port} with certificates of its own, verified as
   * {@code tls} says (its CAs, the host name, a client certificate for {@code tls-auth-clients yes}).
   * Its replicas and cluster nodes are reached over TLS with the same settings (so they must serve
   * TLS on the ports they announce: {@code tls-replication yes}, {@code tls-cluster yes}). The
   * library's connections and the tenants' {@code connection()}, {@code connect()} and handover use it.
   */
  public SharedServers server(String host, int port, ServerTls tls) {
    return add(Endpoint.tls(host, port), Objects.requireNonNull(tls, "tls"));
  }

  private SharedServers add(Endpoint endpoint, ServerTls tls) {
    if (servers.stream().anyMatch(e -> e.host().equals(endpoint.host()) && e.port() == endpoint.port())) {
      throw new InvalidRequestException("server " + endpoint + " was already added");
    }
    servers.add(endpoint);
    if (tls != null) {
      this.tls.put(endpoint, tls);
    }
    return this;
  }

  /** The backend's own user on every node, and its password (never logged nor shown). */
  public SharedServers admin(String user, String password) {
    Objects.requireNonNull(password, "password");
    this.adminUser = checkAdminUser(user);
    this.adminPassword = password;
    return this;
  }

  /** An admin user name as a server's ACL accepts it: non-empty, no spaces or control characters. */
  static String checkAdminUser(String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty() || user.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new InvalidRequestException("admin user name '" + Names.masked(user)
          + "' is invalid: it must be non-empty, without spaces or control characters");
    }
    return user;
  }

  /** How a new tenant's server is chosen; default {@link Placement#leastLoaded()}. */
  public SharedServers placement(Placement placement) {
    this.placement = Objects.requireNonNull(placement, "placement");
    return this;
  }

  /** How long one admin command may take; default 5s. */
  public SharedServers timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidRequestException("timeout " + timeout + " must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * How many of a tenant's keys {@code status()} and each quota check measure with {@code MEMORY
   * USAGE}; the rest are estimated from their average. Default 64; allowed 1 to 10000.
   */
  public SharedServers memorySamples(int memorySamples) {
    if (memorySamples < 1 || memorySamples > 10_000) {
      throw new InvalidRequestException("memorySamples " + memorySamples + " is out of range; allowed 1 to 10000");
    }
    this.memorySamples = memorySamples;
    return this;
  }

  /**
   * How often the backend checks its tenants' memory quotas on its own (see "Limits" above); default
   * 15 s; allowed 100 ms to 1 h. Each check sweeps each server's
   * keyspace on for at most half the interval and at most 2 s, so a server with many keys is measured
   * over several checks.
   */
  public SharedServers quotaCheckInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(MIN_QUOTA_CHECK_INTERVAL) < 0 || interval.compareTo(MAX_QUOTA_CHECK_INTERVAL) > 0) {
      throw new InvalidRequestException("quotaCheckInterval " + interval + " is out of range; allowed 100ms to 1h"
          + " (PT0.1S to PT1H)");
    }
    this.quotaCheckInterval = interval;
    return this;
  }

  /**
   * Opens servers whose settings carry these risks anyway (each is still logged when a server is
   * added). Without it, a server with any {@link Risk} is refused with the setting, its value and the fix.
   */
  public SharedServers acceptRisks(Risk... risks) {
    for (Risk risk : risks) {
      acceptedRisks.add(Objects.requireNonNull(risk, "risk"));
    }
    return this;
  }

  /** What the backend is created with; read by tests of this package. */
  SharedSettings settings() {
    return new SharedSettings(servers, tls, adminUser, adminPassword, placement, timeout, memorySamples,
        quotaCheckInterval, acceptedRisks);
  }

  @Override
  public Backend create(BackendContext context) {
    if (servers.isEmpty()) {
      throw new InvalidRequestException("Backends.sharedServers() needs at least one server(host, port)");
    }
    if (adminUser == null) {
      throw new InvalidRequestException("Backends.sharedServers() needs admin(user, password): "
          + "the backend's own user on the servers");
    }
    return SharedAclBackend.open(context, settings());
  }

  @Override
  public String toString() {
    return "SharedServers{" + servers + ", admin " + adminUser + ", password ****}";
  }

  /** A server setting that lets one tenant evict or starve the others. */
  public enum Risk {
    /** {@code maxmemory-policy} other than {@code noeviction}: one tenant's writes evict others' keys. */
    EVICTION,
    /** No {@code client-output-buffer-limit} for normal clients: one slow reader fills the memory. */
    UNLIMITED_OUTPUT_BUFFERS,
    /** {@code maxmemory-clients 0}: connections are never evicted, however much memory they take. */
    UNLIMITED_CLIENT_MEMORY,
    /** {@code proto-max-bulk-len} of 512 MB or more: one request may carry a value that large. */
    HUGE_REQUESTS
  }

  /**
   * Chooses the server for a new tenant. Called once per tenant; a tenant stays on its server.
   * Implementations are fast and never block.
   */
  @FunctionalInterface
  public interface Placement {
    /**
     * @param tenant the new tenant
     * @param candidates the reachable servers, never empty
     * @return one of {@code candidates}
     */
    ServerLoad choose(TenantId tenant, List<ServerLoad> candidates);

    /** Fewest tenants first; between equals, least {@code used_memory}. */
    static Placement leastLoaded() {
      Comparator<ServerLoad> order = Comparator.comparingInt(ServerLoad::tenants)
          .thenComparingLong(s -> s.usedMemory().toBytes());
      return (tenant, candidates) -> candidates.stream().min(order).orElseThrow();
    }
  }

  /**
   * One server of the pool as placement sees it.
   *
   * @param server the endpoint it was added with
   * @param tenants how many of this tenancy's tenants it holds
   * @param usedMemory its {@code used_memory} (summed over the masters of a cluster), recently measured
   */
  public record ServerLoad(Endpoint server, int tenants, MemorySize usedMemory) {
    public ServerLoad {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(usedMemory, "usedMemory");
    }
  }
}
