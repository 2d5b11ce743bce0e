package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.RedisTenancyTest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * SHARED_SERVER under parallel execution (see the pom): 100 tests, each an ACL user with a key prefix
 * on one pooled server. Every test writes the same key names; none may see another's values, reach
 * another's prefix, or list the server's keys, and each starts with its own keys gone. Whether tests
 * overlap is up to the machine's load, so the cross-prefix checks do not wait for company: tests that
 * hold two users at once check them against each other.
 */
@RedisTenancyTest(isolation = Isolation.SHARED_SERVER)
class SharedServerIsolationIT {
  private static final Set<String> ENDPOINTS = ConcurrentHashMap.newKeySet();
  private static final Set<String> USERS = ConcurrentHashMap.newKeySet();
  /** Prefixes held right now, to the user holding each. */
  private static final Map<String, String> HELD = new ConcurrentHashMap<>();

  @RepeatedTest(100)
  void seesOnlyItsOwnKeys(ConnectionInfo info, StatefulRedisConnection<String, String> redis, RedisClient client)
      throws Exception {
    String prefix = info.keyPrefix();
    assertThat(prefix).endsWith(":");
    assertThat(HELD.putIfAbsent(prefix, info.username())).as("prefix %s is held by another test", prefix).isNull();
    ENDPOINTS.add(info.endpoint().toString());
    USERS.add(info.username());
    try {
      RedisCommands<String, String> mine = redis.sync();
      assertThat(mine.incr("counter")).as("pristine at start: the previous holder's keys are gone").isEqualTo(1);
      mine.set("owner", Long.toString(Thread.currentThread().getId()));
      mine.hset("cart", "apple", "1");
      Thread.sleep(5); // overlap with other tests writing the same names
      assertThat(mine.get("owner")).isEqualTo(Long.toString(Thread.currentThread().getId()));
      assertThat(mine.incr("counter")).isEqualTo(2);

      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        RedisCommands<String, String> plain = raw.sync();
        assertThat(plain.get(prefix + "counter")).as("the prefix is applied on the server").isEqualTo("2");
        assertThatThrownBy(() -> plain.keys("*")).isInstanceOf(RedisCommandExecutionException.class)
            .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> plain.dbsize()).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> plain.get("counter")).as("an unprefixed key").hasMessageContaining("NOPERM");
        for (String other : HELD.keySet()) { // the tests running right now, if any
          if (!other.equals(prefix)) {
            assertKeptOut(plain, other);
          }
        }
      }
    } finally {
      HELD.remove(prefix);
    }
  }

  @RepeatedTest(5)
  void twoUsersHeldAtOnceCannotReachEachOther(ConnectionInfo info, StatefulRedisConnection<String, String> redis,
      RedisClient client, @IsolatedRedis(id = "second") ConnectionInfo secondInfo,
      @IsolatedRedis(id = "second") StatefulRedisConnection<String, String> second,
      @IsolatedRedis(id = "second") RedisClient secondClient) {
    assertThat(secondInfo.endpoint()).as("one server").isEqualTo(info.endpoint());
    assertThat(secondInfo.username()).isNotEqualTo(info.username());
    assertThat(secondInfo.keyPrefix()).isNotEqualTo(info.keyPrefix());
    ENDPOINTS.add(info.endpoint().toString());
    USERS.add(info.username());
    USERS.add(secondInfo.username());
    redis.sync().set("owner", "first");
    second.sync().set("owner", "second");
    assertThat(redis.sync().get("owner")).isEqualTo("first");
    assertThat(second.sync().get("owner")).isEqualTo("second");
    try (StatefulRedisConnection<String, String> firstRaw = client.connect();
        StatefulRedisConnection<String, String> secondRaw = secondClient.connect()) {
      assertKeptOut(firstRaw.sync(), secondInfo.keyPrefix());
      assertKeptOut(secondRaw.sync(), info.keyPrefix());
    }
  }

  private static void assertKeptOut(RedisCommands<String, String> plain, String otherPrefix) {
    assertThatThrownBy(() -> plain.get(otherPrefix + "owner")).as("another test's key %sowner", otherPrefix)
        .hasMessageContaining("NOPERM");
  }

  @AfterAll
  static void oneServerManyUsers() {
    assertThat(ENDPOINTS).hasSize(1);
    assertThat(USERS.size()).isGreaterThan(1);
  }
}
