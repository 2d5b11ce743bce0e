package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.EventPayload;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.SharedServers;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared backend's own quota checks on a real redis-server: nothing calls {@code status()}, yet a
 * tenant over its quota is held to read-and-delete and let write again, also after the tenancy is
 * opened again, and a tenant deleted while a check handles it keeps no ACL user.
 */
class SharedQuotaWatchIT {
  /** Far beyond what a check of a few hundred keys every 100–200 ms needs, even on a loaded machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String VALUE = "x".repeat(10_000);

  @RegisterExtension
  static final OneTestRedis REDIS = new OneTestRedis("rt-quota-");

  private Path home;
  private RecordingListener recorded;
  private RedisTenancy tenancy;
  private RedisClient client;

  @BeforeEach
  void setUp() throws Exception {
    home = REDIS.newFolder("home-");
    recorded = new RecordingListener();
    client = RedisClient.create();
  }

  @AfterEach
  void tearDown() throws Exception {
    client.shutdown();
    if (tenancy != null) {
      for (Tenant t : tenancy.tenants()) {
        t.delete(Deletion.PURGE);
      }
      tenancy.close();
    }
    TestFiles.deleteQuietly(home);
    assertThat(SharedAclIT.strings(REDIS.server().adminCall("ACL", "USERS"))).as("users left on the server")
        .containsExactlyInAnyOrder("default", TestRedis.ADMIN);
  }

  private RedisTenancy open(Duration quotaCheckInterval, TenancyListener listener) {
    SharedServers shared = Backends.sharedServers().server("127.0.0.1", REDIS.server().port())
        .admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD).quotaCheckInterval(quotaCheckInterval);
    return RedisTenancy.builder().home(home).backend(shared)
        .plans(Plans.of(Plan.builder("tiny").maxMemory(MemorySize.ofMegabytes(1)).build()))
        .listener(listener).build();
  }

  @Test
  void aTenantNobodyAsksAboutIsHeldToReadAndDeleteAndMayWriteAgainOnceUnder() throws Exception {
    tenancy = open(Duration.ofMillis(200), recorded);
    Tenant t = tenancy.create("greedy").plan("tiny").apply();
    try (StatefulRedisConnection<String, String> conn = connect(t)) {
      RedisCommands<String, String> redis = conn.sync();
      int written = fill(redis, 300); // about 3 MB against a 1 MB quota; a check may stop it on the way

      assertThat(recorded.await(e -> e.tenant().equals("greedy") && e.type() == TenancyEvent.Type.QUOTA_EXCEEDED,
          PATIENCE)).as("QUOTA_EXCEEDED without any status()").isTrue();
      assertThatThrownBy(() -> redis.set("more", "1")).as("no growth").hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.append("big0", "x")).hasMessageContaining("NOPERM");
      assertThat(redis.get("big1")).as("still readable").isEqualTo(VALUE);
      for (int i = 0; i < written - 10; i++) {
        assertThat(redis.del("big" + i)).as("may delete").isEqualTo(1);
      }

      assertThat(recorded.await(e -> e.tenant().equals("greedy") && e.type() == TenancyEvent.Type.QUOTA_RESTORED,
          PATIENCE)).as("QUOTA_RESTORED without any status()").isTrue();
      assertThat(redis.set("more", "1")).as("writable again").isEqualTo("OK");
      assertThat(recorded.types("greedy")).containsSubsequence(TenancyEvent.Type.QUOTA_EXCEEDED,
          TenancyEvent.Type.QUOTA_RESTORED);
      MemorySize quota = MemorySize.ofMegabytes(1);
      assertThat(recorded.payloads("greedy", EventPayload.QuotaExceeded.class).get(0)).satisfies(over -> {
        assertThat(over.quota()).isEqualTo(quota);
        assertThat(over.used()).isGreaterThan(quota);
      });
      assertThat(recorded.payloads("greedy", EventPayload.QuotaRestored.class).get(0)).satisfies(under -> {
        assertThat(under.quota()).isEqualTo(quota);
        assertThat(under.used()).isLessThanOrEqualTo(quota);
      });
    }
  }

  /**
   * Four tenants go over their quota while no check runs; the tenancy is opened again with frequent
   * checks. The first check after that holds them one by one, in name order, sending each one's
   * QUOTA_EXCEEDED on the check's thread: the listener deletes hog-b and hog-c as soon as hog-a's event
   * comes, i.e. after the check measured them over and before it reaches them. hog-d's event says
   * the check went past them.
   */
  @Test
  void quotasAreEnforcedAfterTheTenancyOpensAgainAndATenantDeletedDuringACheckKeepsNoUser() throws Exception {
    List<String> names = List.of("hog-a", "hog-b", "hog-c", "hog-d");
    RedisTenancy first = open(Duration.ofHours(1), recorded);
    for (String name : names) {
      try (StatefulRedisConnection<String, String> conn = connect(first.create(name).plan("tiny").apply())) {
        assertThat(fill(conn.sync(), 200)).isEqualTo(200);
      }
    }
    first.close();

    CompletableFuture<RedisTenancy> reopened = new CompletableFuture<>();
    AtomicBoolean deleted = new AtomicBoolean();
    List<String> problems = new ArrayList<>();
    tenancy = open(Duration.ofMillis(100), event -> {
      recorded.onEvent(event);
      if (event.tenant().equals("hog-a") && event.type() == TenancyEvent.Type.QUOTA_EXCEEDED
          && deleted.compareAndSet(false, true)) {
        try {
          RedisTenancy open = reopened.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          open.tenant("hog-b").orElseThrow().delete(Deletion.PURGE);
          open.tenant("hog-c").orElseThrow().delete(Deletion.PURGE);
        } catch (Exception e) {
          problems.add(e.toString());
        }
      }
    });
    reopened.complete(tenancy);

    assertThat(recorded.await(e -> e.tenant().equals("hog-d") && e.type() == TenancyEvent.Type.QUOTA_EXCEEDED,
        PATIENCE)).as("the check after opening again holds hog-d; events %s, problems %s", recorded.events(), problems).isTrue();
    assertThat(problems).isEmpty();
    assertThat(deleted).isTrue();
    assertThat(SharedAclIT.strings(REDIS.server().adminCall("ACL", "USERS"))).as("users on the server")
        .contains("hog-a", "hog-d").doesNotContain("hog-b", "hog-c");
    try (StatefulRedisConnection<String, String> conn = connect(tenancy.tenant("hog-d").orElseThrow())) {
      assertThatThrownBy(() -> conn.sync().set("more", "1")).hasMessageContaining("NOPERM");
    }
  }

  private StatefulRedisConnection<String, String> connect(Tenant t) {
    ConnectionInfo info = t.connection();
    return client.connect(KeyPrefixCodec.of(info), info.redisUri());
  }

  /** Writes up to {@code keys} values of 10 KB; returns how many were stored before a check refused more. */
  private static int fill(RedisCommands<String, String> redis, int keys) {
    for (int i = 0; i < keys; i++) {
      try {
        redis.set("big" + i, VALUE);
      } catch (RedisCommandExecutionException e) {
        assertThat(e).hasMessageContaining("NOPERM");
        return i;
      }
    }
    return keys;
  }
}
