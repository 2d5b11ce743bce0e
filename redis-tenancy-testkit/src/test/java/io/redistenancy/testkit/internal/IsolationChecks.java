package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.ConnectionInfo;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every isolation test does: claim the instance (no other test of this JVM may hold it), write
 * a marker of its own, dwell a little so that tests overlap, then check the instance holds the marker
 * and nothing else.
 */
final class IsolationChecks {
  /** Endpoints in use right now, in this JVM. */
  static final Set<String> IN_USE = ConcurrentHashMap.newKeySet();

  private IsolationChecks() {}

  static void check(ConnectionInfo info, StatefulRedisConnection<String, String> connection) throws Exception {
    String endpoint = info.endpoint().toString();
    assertThat(IN_USE.add(endpoint)).as("instance %s is held by another test", endpoint).isTrue();
    try {
      RedisCommands<String, String> redis = connection.sync();
      assertThat(redis.dbsize()).as("pristine at start").isZero();
      String marker = "marker-" + UUID.randomUUID();
      redis.set(marker, Long.toString(ProcessHandle.current().pid()));
      redis.select(3);
      redis.set(marker, "db3");
      redis.select(0);
      Thread.sleep(5);
      assertThat(redis.scan(ScanArgs.Builder.limit(100)).getKeys()).containsExactly(marker);
      assertThat(redis.dbsize()).isEqualTo(1);
    } finally {
      IN_USE.remove(endpoint);
    }
  }
}
