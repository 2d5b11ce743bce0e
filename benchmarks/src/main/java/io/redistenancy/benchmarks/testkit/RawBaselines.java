package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.benchmarks.provision.RawRedis;
import java.util.ArrayList;
import java.util.List;

/**
 * The two floors of per-test isolation, measured in the same run as the testkit rows: resetting one
 * raw redis-server between tests ({@code FLUSHALL} + {@code PING} on a pooled Lettuce connection) and
 * starting a raw redis-server per test (spawn, first PONG, stop).
 */
final class RawBaselines {
  private RawBaselines() {}

  /** {@code n} resets of one raw server over one connection, each FLUSHALL then PING. */
  static List<Long> resets(RedisClient client, int n) {
    try (RawRedis raw = new RawRedis(); RawRedis.Instance server = raw.start();
        StatefulRedisConnection<String, String> connection =
            client.connect(RedisURI.create("redis-socket://" + server.socket()))) {
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        connection.sync().flushall();
        TestkitOverhead.firstCommand(connection);
        nanos.add(System.nanoTime() - start);
      }
      return nanos;
    }
  }

  /** {@code n} tests that each start a raw redis-server, wait for its PONG and stop it. */
  static List<Long> spawns(int n) {
    try (RawRedis raw = new RawRedis()) {
      List<Long> nanos = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        raw.start().close();
        nanos.add(System.nanoTime() - start);
      }
      return nanos;
    }
  }
}
