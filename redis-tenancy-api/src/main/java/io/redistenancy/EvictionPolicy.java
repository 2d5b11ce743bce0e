package io.redistenancy;

import io.redistenancy.internal.Names;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What Redis does when a tenant reaches its {@code maxmemory}: every policy Redis has. */
public enum EvictionPolicy {
  NOEVICTION("noeviction"),
  ALLKEYS_LRU("allkeys-lru"),
  ALLKEYS_LFU("allkeys-lfu"),
  ALLKEYS_RANDOM("allkeys-random"),
  VOLATILE_LRU("volatile-lru"),
  VOLATILE_LFU("volatile-lfu"),
  VOLATILE_RANDOM("volatile-random"),
  VOLATILE_TTL("volatile-ttl");

  private final String redisName;

  EvictionPolicy(String redisName) {
    this.redisName = redisName;
  }

  /** The name redis.conf uses, e.g. {@code allkeys-lru}. */
  public String redisName() {
    return redisName;
  }

  /**
   * Parses a policy as redis.conf spells it ({@code allkeys-lru}) or as this enum does
   * ({@code ALLKEYS_LRU}).
   *
   * @throws InvalidRequestException naming the value and the allowed ones
   */
  public static EvictionPolicy parse(String text) {
    if (text != null) {
      String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (EvictionPolicy policy : values()) {
        if (policy.redisName.equals(wanted)) {
          return policy;
        }
      }
    }
    throw new InvalidRequestException("Eviction policy '" + printable(text) + "' is not one Redis knows; allowed: "
        + Arrays.stream(values()).map(EvictionPolicy::redisName).collect(Collectors.joining(", ")));
  }

  /** The text as a message may show it: no control characters (no forged log lines), at most 40 chars. */
  private static String printable(String text) {
    if (text == null) {
      return "null";
    }
    String masked = Names.masked(text);
    return masked.length() > 40 ? masked.substring(0, 40) + "…" : masked;
  }
}
