package io.redistenancy.internal.external;

import io.lettuce.core.cluster.SlotHash;
import io.redistenancy.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's keys on a shared server, reached by the admin user with {@code SCAN MATCH NAME:*} on
 * every master: removed in batches with {@code UNLINK} (freed in the background, never blocking the
 * server for long), or counted and measured with a sample of {@code MEMORY USAGE}. The pattern is
 * built from a validated tenant name, which has no glob characters.
 */
final class TenantKeys {
  private static final Logger LOG = LoggerFactory.getLogger(TenantKeys.class);
  private static final String BATCH = "1000";
  /** Progress is reported every this many removed keys (a large tenant takes a while). */
  static final long PROGRESS_EVERY = 50_000;

  /** What {@link #measure} found. */
  record Usage(long keys, long bytes) {
    /** {@code keys} keys whose {@code sampled} measured ones took {@code sampledBytes}: the rest as their average. */
    static Usage estimate(long keys, long sampled, long sampledBytes) {
      return new Usage(keys, sampled == 0 ? 0 : Math.round((double) sampledBytes / sampled * keys));
    }
  }

  private TenantKeys() {}

  /**
   * Unlinks every key of the tenant; returns how many. On a cluster every node is scanned, replicas
   * included, and each UNLINK follows MOVED: right after a failover the roles this backend knows may
   * be stale, and a replica's keys are its master's.
   */
  static long removeAll(SharedServer server, String prefix) throws IOException {
    return removeAll(server, prefix, removed -> {});
  }

  /** {@link #removeAll(SharedServer, String)}, telling {@code progress} the count so far every {@link #PROGRESS_EVERY} keys. */
  static long removeAll(SharedServer server, String prefix, LongConsumer progress) throws IOException {
    long removed = 0;
    long reported = 0;
    List<Endpoint> nodes = server.cluster()
        ? server.nodes().stream().map(SharedServer.Node::endpoint).toList()
        : server.masters();
    for (Endpoint node : nodes) {
      NodePool pool = server.pool(node);
      String cursor = "0";
      do {
        List<?> page = (List<?>) pool.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", BATCH);
        cursor = page.get(0).toString();
        List<?> keys = (List<?>) page.get(1);
        if (server.cluster()) {
          // a cluster refuses multi-key commands across slots: one UNLINK per slot
          Map<Integer, List<String>> bySlot = new HashMap<>();
          keys.forEach(k -> bySlot.computeIfAbsent(SlotHash.getSlot(k.toString()), s -> new ArrayList<>()).add(k.toString()));
          for (List<String> group : bySlot.values()) {
            removed += unlink(server, pool, group);
          }
        } else if (!keys.isEmpty()) {
          removed += unlink(server, pool, keys.stream().map(Object::toString).toList());
        }
        if (removed - reported >= PROGRESS_EVERY) {
          reported = removed;
          LOG.info("removing keys {}* on {}: {} removed so far", prefix, server, removed);
          progress.accept(removed);
        }
      } while (!"0".equals(cursor));
    }
    if (reported > 0) {
      LOG.info("removed keys {}* on {}: {} in all", prefix, server, removed);
    }
    return removed;
  }

  private static long unlink(SharedServer server, NodePool pool, List<String> keys) throws IOException {
    List<String> args = new ArrayList<>(keys.size() + 1);
    args.add("UNLINK");
    args.addAll(keys);
    return (Long) server.routedFrom(pool, args.toArray(String[]::new));
  }

  /**
   * Up to {@code max} of the tenant's keys, from a scan of every master that stops once it has them
   * (a server without any scans its whole keyspace once).
   */
  static List<String> some(SharedServer server, String prefix, int max) throws IOException {
    List<String> found = new ArrayList<>();
    for (Endpoint master : server.masters()) {
      NodePool pool = server.pool(master);
      String cursor = "0";
      do {
        List<?> page = (List<?>) pool.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", BATCH);
        cursor = page.get(0).toString();
        for (Object key : (List<?>) page.get(1)) {
          if (found.size() == max) {
            return found;
          }
          found.add(key.toString());
        }
      } while (!"0".equals(cursor));
    }
    return found;
  }

  /**
   * Counts the tenant's keys and estimates their memory: {@code MEMORY USAGE} of the first
   * {@code samples} keys found, times keys / samples.
   */
  static Usage measure(SharedServer server, String prefix, int samples) throws IOException {
    long keys = 0;
    long sampled = 0;
    long sampledBytes = 0;
    for (SharedServer.Node node : server.nodes()) {
      NodePool pool = server.pool(node.endpoint());
      if (!masterNow(node, pool)) {
        continue; // each key once: right after a failover the known roles may lag, so each node says
      }
      String cursor = "0";
      do {
        List<?> page = (List<?>) pool.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", BATCH);
        cursor = page.get(0).toString();
        for (Object key : (List<?>) page.get(1)) {
          keys++;
          if (sampled < samples) {
            Object bytes = server.routedFrom(pool, "MEMORY", "USAGE", key.toString());
            if (bytes instanceof Long b) {
              sampled++;
              sampledBytes += b;
            }
          }
        }
      } while (!"0".equals(cursor));
    }
    return Usage.estimate(keys, sampled, sampledBytes);
  }

  /** Whether the node is a master now, by its own word; an unreachable replica holds no key of its own. */
  private static boolean masterNow(SharedServer.Node node, NodePool pool) throws IOException {
    try {
      return "master".equals(((List<?>) pool.call("ROLE")).get(0).toString());
    } catch (IOException e) {
      if (node.master()) {
        throw e;
      }
      return false;
    }
  }
}
