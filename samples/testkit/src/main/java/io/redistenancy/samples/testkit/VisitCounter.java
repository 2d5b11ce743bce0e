package io.redistenancy.samples.testkit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** The code under test: counts page visits per page in Redis. */
public final class VisitCounter {
  private final RedisCommands<String, String> redis;

  public VisitCounter(StatefulRedisConnection<String, String> connection) {
    this.redis = connection.sync();
  }

  /** Records one visit; returns the page's count so far. */
  public long visit(String page) {
    return redis.incr("visits:" + page);
  }

  public long visits(String page) {
    String count = redis.get("visits:" + page);
    return count == null ? 0 : Long.parseLong(count);
  }
}
