package io.redistenancy.contract;

import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.Tenant;
import java.util.Map;
import java.util.TreeMap;

/** Test data of several types in two databases, and a comparable view of a tenant's whole keyspace. */
public final class TenantData {
  /** How many keys {@link #fill} writes. */
  public static final int KEYS = 203;

  private TenantData() {}

  /** Every key and value (strings, hashes, lists) of db 0 and db 3, as one comparable map. */
  public static Map<String, String> contents(Tenant tenant) {
    Map<String, String> all = new TreeMap<>();
    try (var conn = tenant.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      for (int db : new int[] {0, 3}) {
        redis.select(db);
        for (String key : redis.keys("*")) {
          String type = redis.type(key);
          String value = switch (type) {
            case "string" -> redis.get(key);
            case "hash" -> new TreeMap<>(redis.hgetall(key)).toString();
            case "list" -> redis.lrange(key, 0, -1).toString();
            default -> type;
          };
          all.put(db + "/" + key, value);
        }
      }
    }
    return all;
  }

  /** Writes {@link #KEYS} keys whose values carry {@code tag}. */
  public static void fill(Tenant tenant, String tag) {
    try (var conn = tenant.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      for (int i = 0; i < 200; i++) {
        redis.set("k" + i, tag + i);
      }
      redis.hset("h", Map.of("a", tag, "b", "2"));
      redis.rpush("l", tag, "x", "y");
      redis.select(3);
      redis.set("other-db", tag);
    }
  }

  /** Changes, deletes and adds keys in both databases. */
  public static void change(Tenant tenant) {
    try (var conn = tenant.connect()) {
      RedisCommands<String, String> redis = conn.sync();
      redis.set("k1", "changed");
      redis.del("k2", "h");
      redis.set("new-key", "after the backup");
      redis.select(3);
      redis.flushdb();
    }
  }
}
