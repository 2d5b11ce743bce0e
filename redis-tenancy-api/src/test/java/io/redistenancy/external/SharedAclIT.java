package io.redistenancy.external;

import io.redistenancy.contract.AuthRefusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.SharedServers;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyException;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenants as ACL users on one real shared redis-server: isolation, clients, lifecycle, ownership. */
class SharedAclIT {
  private static Path root;
  private static TestRedis server;

  private Path home;
  private RecordingListener listener;
  private RedisTenancy tenancy;
  private RedisClient client;

  @BeforeAll
  static void startServer() throws Exception {
    root = Files.createTempDirectory("rt-shared-");
    server = TestRedis.start(root);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    TestFiles.deleteQuietly(root);
  }

  @BeforeEach
  void open() throws Exception {
    home = Files.createTempDirectory(root, "home-");
    listener = new RecordingListener();
    tenancy = open(home);
    client = RedisClient.create();
    // a disconnected client fails at once instead of reconnecting until its timeout
    client.setOptions(io.lettuce.core.ClientOptions.builder().autoReconnect(false).build());
  }

  private RedisTenancy open(Path at) {
    return RedisTenancy.builder().home(at).backend(shared())
        .plans(Plans.of(Plan.builder("tiny").maxMemory(MemorySize.ofMegabytes(1)).build()))
        .listener(listener).build();
  }

  private static SharedServers shared() {
    return Backends.sharedServers().server("127.0.0.1", server.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
  }

  @AfterEach
  void close() throws Exception {
    client.shutdown();
    for (Tenant t : tenancy.tenants()) {
      t.delete(Deletion.PURGE);
    }
    tenancy.close();
    TestFiles.deleteQuietly(home);
    assertThat(strings(server.adminCall("ACL", "USERS"))).as("users left on the server")
        .containsExactlyInAnyOrder("default", TestRedis.ADMIN);
  }

  // ---------------------------------------------------------------- isolation matrix

  /** Everything tenant B may not do, as raw commands (any name, exact arguments). */
  private static List<String[]> denied(String a, String b) {
    return List.of(
        // whole-keyspace reads and destruction
        cmd("SCAN", "0"), cmd("SCAN", "0", "MATCH", b + ":*"), cmd("RANDOMKEY"), cmd("DBSIZE"), cmd("KEYS", "*"),
        cmd("KEYS", b + ":*"), cmd("FLUSHALL"), cmd("FLUSHALL", "ASYNC"), cmd("FLUSHDB"), cmd("SELECT", "1"), cmd("SELECT", "0"),
        cmd("MOVE", b + ":k", "1"), cmd("SWAPDB", "0", "1"), cmd("COPY", b + ":k", b + ":k2", "DB", "1"),
        // scripts and functions run with the whole keyspace and are shared by all users
        cmd("FUNCTION", "LIST"), cmd("FUNCTION", "FLUSH"), cmd("FUNCTION", "DUMP"),
        cmd("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('f', function() return 1 end)"),
        cmd("SCRIPT", "FLUSH"), cmd("SCRIPT", "LOAD", "return 1"), cmd("SCRIPT", "EXISTS", "abc"),
        cmd("EVAL", "return redis.call('get','" + a + ":secret')", "0"), cmd("EVAL_RO", "return 1", "0"),
        cmd("EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"), cmd("FCALL", "f", "0"),
        // other tenants' channels and connections
        cmd("PUBSUB", "CHANNELS"), cmd("PUBSUB", "CHANNELS", "*"), cmd("PUBSUB", "NUMSUB", a + ":news"),
        cmd("PUBSUB", "NUMPAT"), cmd("PUBSUB", "SHARDCHANNELS"), cmd("CLIENT", "TRACKING", "on"),
        cmd("CLIENT", "TRACKING", "on", "BCAST"), cmd("CLIENT", "CACHING", "yes"), cmd("CLIENT", "LIST"),
        cmd("CLIENT", "KILL", "USER", a), cmd("CLIENT", "KILL", "TYPE", "normal"), cmd("CLIENT", "PAUSE", "1000"),
        cmd("CLIENT", "NO-EVICT", "on"), cmd("MONITOR"),
        // server state and administration
        cmd("MEMORY", "STATS"), cmd("MEMORY", "DOCTOR"), cmd("MEMORY", "PURGE"), cmd("INFO"), cmd("INFO", "keyspace"),
        cmd("CONFIG", "GET", "*"), cmd("CONFIG", "SET", "maxmemory", "1"), cmd("CONFIG", "RESETSTAT"),
        cmd("ACL", "LIST"), cmd("ACL", "SETUSER", b, "+@all"), cmd("ACL", "GETUSER", a), cmd("SAVE"), cmd("BGSAVE"),
        cmd("SHUTDOWN"), cmd("REPLICAOF", "127.0.0.1", "1"), cmd("SLOWLOG", "GET"), cmd("LATENCY", "LATEST"),
        cmd("DEBUG", "SLEEP", "0"), cmd("MODULE", "LIST"), cmd("RESTORE", b + ":r", "0", "x"),
        cmd("MIGRATE", "127.0.0.1", "1", a + ":secret", "0", "1000"), cmd("OBJECT", "HELP"), cmd("ROLE"),
        // data outside its prefix
        cmd("GET", a + ":secret"), cmd("SET", a + ":secret", "stolen"), cmd("DEL", a + ":secret"),
        cmd("EXISTS", a + ":secret"), cmd("TTL", a + ":secret"), cmd("HGETALL", a + ":hash"),
        cmd("DUMP", a + ":secret"), cmd("OBJECT", "ENCODING", a + ":secret"), cmd("MEMORY", "USAGE", a + ":secret"),
        cmd("RENAME", a + ":secret", b + ":mine"), cmd("RENAME", b + ":k", a + ":secret"),
        cmd("SORT", b + ":list", "BY", a + ":*"), cmd("SORT", b + ":list", "GET", a + ":*"),
        cmd("SUNIONSTORE", b + ":s", a + ":set"), cmd("GET", b), cmd("GET", "secret"), cmd("GET", b + "x:k"),
        cmd("SET", "_redis-tenancy:tenants", "x"), cmd("HGETALL", "_redis-tenancy:tenants"),
        cmd("XREAD", "STREAMS", a + ":stream", "0"),
        // channels outside its prefix (SUBSCRIBE is refused before the connection enters pub/sub mode)
        cmd("PUBLISH", a + ":news", "spoof"), cmd("SUBSCRIBE", a + ":news"), cmd("PSUBSCRIBE", "*"),
        cmd("PSUBSCRIBE", b + ":*x"), cmd("PSUBSCRIBE", a + ":*"), cmd("SSUBSCRIBE", a + ":news"),
        cmd("SPUBLISH", a + ":news", "spoof"));
  }

  private static String[] cmd(String... args) {
    return args;
  }

  @Test
  void isolationMatrixRefusesEverythingOutsideTheTenantsOwnPrefix() throws Exception {
    Tenant a = tenancy.create("team").apply();
    Tenant b = tenancy.create("team-2").apply(); // a name that starts with the other's: prefixes must not overlap
    ConnectionInfo ai = a.connection();
    ConnectionInfo bi = b.connection();
    assertThat(ai.keyPrefix()).isEqualTo("team:");
    assertThat(bi.keyPrefix()).isEqualTo("team-2:");
    assertThat(ai.endpoint()).isEqualTo(server.endpoint());

    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (StatefulRedisConnection<String, String> aConn = client.connect(KeyPrefixCodec.of(ai), ai.redisUri());
         StatefulRedisPubSubConnection<String, String> aSub = client.connectPubSub(KeyPrefixCodec.of(ai), ai.redisUri())) {
      RedisCommands<String, String> ar = aConn.sync();
      ar.set("secret", "a-data");
      ar.hset("hash", Map.of("f", "v"));
      ar.sadd("set", "m");
      ar.xadd("stream", Map.of("f", "v"));
      aSub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          heard.add(channel + "=" + message);
        }
      });
      aSub.sync().subscribe("news");

      List<String> allowed = new ArrayList<>();
      for (String a2 : List.of("team", "team-2")) {
        String victim = a2.equals("team") ? "team" : "team-2";
        String attacker = victim.equals("team") ? "team-2" : "team";
        ConnectionInfo attackerInfo = attacker.equals("team") ? ai : bi;
        for (String[] command : denied(victim, attacker)) {
          try (RespConnection raw = RespConnection.open(attackerInfo.endpoint(), Duration.ofSeconds(5))) {
            raw.auth(attackerInfo.username(), attackerInfo.password());
            try {
              Object reply = raw.call(command);
              allowed.add(attacker + ": " + String.join(" ", command) + " -> " + reply);
            } catch (RespException e) {
              // SORT BY/GET patterns are refused by Redis's own ACL check with an ERR reply
              if (!e.code().equals("NOPERM") && !e.getMessage().contains("denied due to insufficient ACL permissions")) {
                allowed.add(attacker + ": " + String.join(" ", command) + " -> " + e.getMessage());
              }
            }
          }
        }
      }
      assertThat(allowed).as("commands that were not refused with NOPERM").isEmpty();

      assertThat(ar.get("secret")).isEqualTo("a-data");
      assertThat(ar.hgetall("hash")).containsEntry("f", "v");
      assertThat(ar.xlen("stream")).isEqualTo(1);
      assertThat((Long) server.adminCall("DBSIZE")).as("nothing flushed, nothing added").isEqualTo(5);
      ar.publish("news", "still-mine");
      assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("news=still-mine");
      assertThat(heard).as("no spoofed message reached team's subscriber").isEmpty();
    }
  }

  @Test
  void tenantDoesAnApplicationsWorkOnItsPrefixWithLettuce() throws Exception {
    Tenant b = tenancy.create("shop").apply();
    ConnectionInfo info = b.connection();
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri());
         var sub = client.connectPubSub(KeyPrefixCodec.of(info), info.redisUri())) {
      RedisCommands<String, String> r = conn.sync();
      assertThat(r.ping()).isEqualTo("PONG");
      r.clientSetname("app");
      r.set("s", "1");
      assertThat(r.incr("s")).isEqualTo(2);
      r.setex("temp", 100, "x");
      assertThat(r.ttl("temp")).isBetween(1L, 100L);
      r.expire("s", 50);
      assertThat(r.persist("s")).isTrue();
      r.mset(Map.of("m1", "a", "m2", "b"));
      assertThat(r.mget("m1", "m2")).hasSize(2);
      r.hset("h", Map.of("f1", "v1", "f2", "v2"));
      assertThat(r.hgetall("h")).containsEntry("f2", "v2");
      assertThat(r.hscan("h").getMap()).hasSize(2);
      r.rpush("l", "a", "b", "c");
      assertThat(r.lrange("l", 0, -1)).containsExactly("a", "b", "c");
      assertThat(r.blpop(1, "l").getValue()).isEqualTo("a");
      r.sadd("set", "x", "y");
      assertThat(r.smembers("set")).containsExactlyInAnyOrder("x", "y");
      r.zadd("z", 1.0, "one");
      r.zadd("z", 2.0, "two");
      assertThat(r.zrange("z", 0, -1)).containsExactly("one", "two");
      String id = r.xadd("events", Map.of("k", "v"));
      r.xgroupCreate(XReadArgs.StreamOffset.from("events", "0"), "workers");
      List<StreamMessage<String, String>> got = r.xreadgroup(Consumer.from("workers", "w1"),
          XReadArgs.StreamOffset.lastConsumed("events"));
      assertThat(got).extracting(StreamMessage::getId).containsExactly(id);
      assertThat(got.get(0).getStream()).as("the codec takes the prefix off").isEqualTo("events");
      r.xack("events", "workers", id);
      r.watch("s");
      r.multi();
      r.incr("s");
      r.set("t", "1");
      TransactionResult tx = r.exec();
      assertThat(tx.wasDiscarded()).isFalse();
      r.pfadd("hll", "a", "b");
      assertThat(r.pfcount("hll")).isEqualTo(2);
      r.geoadd("geo", 13.4, 52.5, "berlin");
      assertThat(r.geopos("geo", "berlin")).hasSize(1);
      r.setbit("bits", 7, 1);
      assertThat(r.bitcount("bits")).isEqualTo(1);
      assertThat(r.rename("t", "t2")).isEqualTo("OK");
      assertThat(r.type("t2")).isEqualTo("string");
      assertThat(r.exists("t2", "nope")).isEqualTo(1);
      assertThat(r.del("t2")).isEqualTo(1);

      sub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          heard.add(channel + "=" + message);
        }

        @Override
        public void message(String pattern, String channel, String message) {
          heard.add(pattern + "|" + channel + "=" + message);
        }
      });
      sub.sync().subscribe("orders");
      sub.sync().psubscribe("*"); // encoded as shop:*, the one pattern the tenant may use
      r.publish("orders", "o1");
      assertThat(List.of(heard.poll(5, TimeUnit.SECONDS), heard.poll(5, TimeUnit.SECONDS)))
          .containsExactlyInAnyOrder("orders=o1", "*|orders=o1");
      assertThatThrownBy(() -> r.eval("return 1", ScriptOutputType.INTEGER)).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> r.keys("*")).hasMessageContaining("NOPERM");
    }
    try (RespConnection admin = server.admin()) {
      assertThat((List<?>) admin.call("KEYS", "*"))
          .allSatisfy(k -> assertThat(k.toString()).matches("shop:.*|_redis-tenancy:tenants"));
    }
  }

  @Test
  void tenantWorksWithRedisCli() throws Exception {
    Tenant t = tenancy.create("cli-user").apply();
    ConnectionInfo info = t.connection();
    assertThat(redisCli(info, "PING")).isEqualTo("PONG");
    assertThat(redisCli(info, "SET", "cli-user:k", "v")).isEqualTo("OK");
    assertThat(redisCli(info, "GET", "cli-user:k")).isEqualTo("v");
    assertThat(redisCli(info, "HSET", "cli-user:h", "f", "1")).isEqualTo("1");
    assertThat(redisCli(info, "EXPIRE", "cli-user:k", "100")).isEqualTo("1");
    assertThat(redisCli(info, "KEYS", "*")).startsWith("NOPERM");
    assertThat(redisCli(info, "GET", "other:k")).startsWith("NOPERM");
    assertThat(redisCli(info, "-n", "1", "GET", "cli-user:k")).contains("NOPERM");
    assertThat(redisCli(info, "-n", "0", "GET", "cli-user:k")).as("redis-cli sends no SELECT for db 0").isEqualTo("v");
  }

  @Test
  void tenantWorksWithJedis() throws Exception {
    Tenant t = tenancy.create("jedis-user").apply();
    ConnectionInfo info = t.connection();
    try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", info.endpoint().port())) {
      jedis.auth(info.username(), info.password());
      jedis.clientSetname("app");
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.set("jedis-user:k", "v")).isEqualTo("OK");
      assertThat(jedis.get("jedis-user:k")).isEqualTo("v");
      jedis.hset("jedis-user:h", "f", "1");
      jedis.lpush("jedis-user:l", "a", "b");
      redis.clients.jedis.Transaction tx = jedis.multi();
      tx.incr("jedis-user:n");
      tx.expire("jedis-user:n", 100);
      assertThat(tx.exec()).containsExactly(1L, 1L);
      assertThatThrownBy(() -> jedis.keys("*")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> jedis.get("other:k")).hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> jedis.select(1)).hasMessageContaining("NOPERM");
    }
  }

  private static String redisCli(ConnectionInfo info, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
        Integer.toString(info.endpoint().port()), "--user", info.username(), "--pass", info.password(), "--no-auth-warning"));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  // ---------------------------------------------------------------- names

  @Test
  void hostileNamesCannotWidenAPattern() throws Exception {
    for (String name : List.of("*", "?", "[", "\\", "a*", "a?b", "a[b]", "a\\b", "ab*", "x:y", "a b", "A1", "_redis-tenancy")) {
      assertThatThrownBy(() -> tenancy.create(name)).as(name).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("is invalid: use 2 to 32 characters");
    }
    assertThat(strings(server.adminCall("ACL", "USERS"))).containsExactlyInAnyOrder("default", TestRedis.ADMIN);
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void stopStartResetAndDeleteWorkOnTheUserAndItsKeys() throws Exception {
    Tenant t = tenancy.create("acme").apply();
    ConnectionInfo info = t.connection();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
      conn.sync().set("k", "v");
      conn.sync().hset("h", "f", "v");
    }
    assertThat(aclUser("acme")).contains("~acme:*", "&acme:*", "-@all").doesNotContain("+@all", "+select");
    assertThat(server.adminCall("ACL", "DRYRUN", "acme", "GET", "acme:k")).isEqualTo("OK");
    assertThat(server.adminCall("ACL", "DRYRUN", "acme", "CLIENT", "SETNAME", "x")).isEqualTo("OK");
    assertThat(server.adminCall("ACL", "DRYRUN", "acme", "KEYS", "*")).isNotEqualTo("OK");

    TenantStatus status = t.status();
    assertThat(status.state()).isEqualTo(TenantState.RUNNING);
    assertThat(status.keys()).isEqualTo(2);
    assertThat(status.usedMemory().toBytes()).isPositive();
    assertThat(status.problem()).isEmpty();

    var live = client.connect(info.redisUri());
    t.stop();
    assertThat(t.status().state()).isEqualTo(TenantState.STOPPED);
    assertThatThrownBy(() -> live.sync().ping()).as("stop disconnects the tenant's clients").isNotNull();
    live.close();
    assertThat(AuthRefusal.of(info.endpoint(), info.username(), info.password())).startsWith("WRONGPASS");
    t.start();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
      assertThat(conn.sync().get("k")).as("keys survive a stop").isEqualTo("v");
    }

    t.reset();
    assertThat(aclUser("acme")).as("reset keeps the user").isNotEmpty();
    assertThat(strings(server.adminCall("KEYS", "acme:*"))).isEmpty();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
      conn.sync().set("again", "1");
    }

    t.delete(Deletion.KEEP_DATA);
    assertThat(aclUser("acme")).isEmpty();
    assertThat(strings(server.adminCall("KEYS", "acme:*"))).containsExactly("acme:again");
    assertThat(listener.events()).filteredOn(e -> e.type() == TenancyEvent.Type.DELETED)
        .extracting(TenancyEvent::detail).containsExactly("data kept at keys acme:* on server " + server.endpoint());

    Tenant again = tenancy.create("acme").adoptExistingKeys().apply(); // the kept keys, taken over explicitly
    again.delete(Deletion.PURGE);
    assertThat(strings(server.adminCall("KEYS", "acme:*"))).isEmpty();
    assertThat(String.valueOf(server.adminCall("HGET", "_redis-tenancy:tenants", "acme"))).isEqualTo("null");
  }

  @Test
  void deleteDisconnectsAndRemovesManyKeysInBatches() throws Exception {
    Tenant t = tenancy.create("bulk").apply();
    ConnectionInfo info = t.connection();
    var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri());
    for (int i = 0; i < 5000; i++) {
      conn.async().set("k" + i, "v");
    }
    conn.sync().ping();
    t.delete(Deletion.PURGE);
    assertThatThrownBy(() -> conn.sync().get("k1")).isNotNull();
    conn.close();
    assertThat((Long) server.adminCall("DBSIZE")).isLessThanOrEqualTo(1);
    assertThat(strings(server.adminCall("KEYS", "bulk:*"))).isEmpty();
  }

  @Test
  void statusMeasuresTheTenantsKeysAndReportsAQuotaExceeded() throws Exception {
    Tenant t = tenancy.create("heavy").plan("tiny").apply();
    ConnectionInfo info = t.connection();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
      String value = "x".repeat(10_000);
      for (int i = 0; i < 300; i++) {
        conn.sync().set("big" + i, value);
      }
    }
    TenantStatus status = t.status();
    assertThat(status.keys()).isEqualTo(300);
    assertThat(status.maxMemory()).isEqualTo(MemorySize.ofMegabytes(1));
    assertThat(status.usedMemory().toBytes()).isBetween(3_000_000L, 5_000_000L);
    assertThat(status.clients()).isZero();
    assertThat(listener.events()).filteredOn(e -> e.type() == TenancyEvent.Type.QUOTA_EXCEEDED)
        .singleElement().satisfies(e -> assertThat(e.tenant()).isEqualTo("heavy"));
    t.status();
    assertThat(listener.events()).as("one event per crossing, not per status")
        .filteredOn(e -> e.type() == TenancyEvent.Type.QUOTA_EXCEEDED).hasSize(1);
    t.resize(MemorySize.ofMegabytes(64));
    t.status();
    assertThat(listener.events()).filteredOn(e -> e.type() == TenancyEvent.Type.QUOTA_EXCEEDED).hasSize(1);
  }

  @Test
  void aTenantOverItsQuotaMayReadAndDeleteButNotWriteUntilItIsUnderAgain() throws Exception {
    Tenant t = tenancy.create("greedy").plan("tiny").apply();
    ConnectionInfo info = t.connection();
    try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
      String value = "x".repeat(10_000);
      for (int i = 0; i < 300; i++) {
        conn.sync().set("big" + i, value);
      }
      t.status();
      assertThat(listener.types("greedy")).contains(TenancyEvent.Type.QUOTA_EXCEEDED);
      assertThatThrownBy(() -> conn.sync().set("more", "1")).as("no growth").hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> conn.sync().append("big0", "x")).hasMessageContaining("NOPERM");
      assertThat(conn.sync().get("big1")).as("still readable").isEqualTo(value);
      for (int i = 0; i < 290; i++) {
        conn.sync().del("big" + i);
      }
      t.status();
      assertThat(listener.types("greedy")).containsSubsequence(TenancyEvent.Type.QUOTA_EXCEEDED,
          TenancyEvent.Type.QUOTA_RESTORED);
      assertThat(conn.sync().set("more", "1")).as("writable again").isEqualTo("OK");
    }
  }

  @Test
  void purgingALargeTenantReportsItsProgress() throws Exception {
    Tenant big = tenancy.create("big").apply();
    server.adminCall("DEBUG", "POPULATE", "120000", "big:key"); // big:key:0 … big:key:119999
    assertThat((List<?>) server.adminCall("KEYS", "big:*")).hasSize(120_000);
    big.delete(Deletion.PURGE);
    assertThat((List<?>) server.adminCall("KEYS", "big:*")).isEmpty();
    assertThat(listener.events()).filteredOn(e -> e.tenant().equals("big"))
        .extracting(TenancyEvent::type).containsSubsequence(TenancyEvent.Type.DELETING, TenancyEvent.Type.DELETING,
            TenancyEvent.Type.DELETED);
    assertThat(listener.events()).filteredOn(e -> e.type() == TenancyEvent.Type.DELETING)
        .extracting(TenancyEvent::detail).allMatch(d -> d.matches("\\d+ keys big:\\* removed so far"), "counts");
  }

  @Test
  void readmeExampleRunsAndStoresThePrefixedKey() throws Exception {
    io.redistenancy.readme.ExternalServersExample.run(Files.createTempDirectory(root, "readme-"), "127.0.0.1",
        server.port(), TestRedis.ADMIN_PASSWORD, client);
    assertThat(server.adminCall("GET", "acme:cart:42")).isEqualTo("3 items");
    assertThat(server.adminCall("ACL", "GETUSER", "acme")).isNull();
    server.adminCall("DEL", "acme:cart:42");
  }

  @Test
  void usersArePersistedToTheAclfile() throws Exception {
    tenancy.create("durable").apply();
    // saves are coalesced: the file follows within the save delay (200 ms)
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!Files.readString(server.dir().resolve("users.acl")).contains("user durable on")
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(server.dir().resolve("users.acl"))).contains("user durable on");
    tenancy.create("at-close").apply();
    tenancy.close();
    assertThat(Files.readString(server.dir().resolve("users.acl"))).as("close saves what is pending")
        .contains("user at-close on");
    tenancy = open(home);
  }

  // ---------------------------------------------------------------- ownership

  @Test
  void twoTenanciesOnOneServerNeverTouchEachOthersUsers() throws Exception {
    Tenant mine = tenancy.create("acme").apply();
    mine.connect().close();
    Path otherHome = Files.createTempDirectory(root, "other-");
    try (RedisTenancy other = open(otherHome)) {
      assertThatThrownBy(() -> other.create("acme").apply()).isInstanceOf(TenancyException.class)
          .hasMessageContaining("belongs to another tenancy");
      assertThat(aclUser("acme")).as("the refused create rolled back without touching it").isNotEmpty();
      assertThat(other.reconcile().unwanted()).isEmpty();
      Tenant theirs = other.create("globex").apply();
      assertThat(tenancy.reconcile().unwanted()).isEmpty();
      theirs.delete(Deletion.PURGE);
    } finally {
      TestFiles.deleteQuietly(otherHome);
    }
    server.adminCall("ACL", "SETUSER", "handmade", "on", ">pw", "~handmade:*", "+get");
    try {
      assertThatThrownBy(() -> tenancy.create("handmade").apply()).hasMessageContaining("that redis-tenancy did not make");
      assertThat(aclUser("handmade")).contains("+get");
    } finally {
      server.adminCall("ACL", "DELUSER", "handmade");
    }
    try (var conn = mine.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }

  @Test
  void aReusedNameDoesNotInheritKeptKeysUnlessItAdoptsThem() throws Exception {
    Tenant old = tenancy.create("reused").apply();
    try (var conn = client.connect(KeyPrefixCodec.of(old.connection()), old.connection().redisUri())) {
      conn.sync().set("secret", "old-tenant-data");
    }
    old.delete(Deletion.KEEP_DATA);
    Path otherHome = Files.createTempDirectory(root, "reuse-");
    try (RedisTenancy other = open(otherHome)) {
      for (RedisTenancy home : List.of(tenancy, other)) {
        assertThatThrownBy(() -> home.create("reused").apply()).isInstanceOf(TenancyException.class)
            .hasMessageContaining("keys already exist under its prefix reused:* (reused:secret)")
            .hasMessageContaining("tenancy.create(\"reused\").adoptExistingKeys()");
        assertThat(home.tenants()).isEmpty();
      }
    } finally {
      TestFiles.deleteQuietly(otherHome);
    }
    assertThat(server.adminCall("GET", "reused:secret")).as("a refused create leaves the keys").isEqualTo("old-tenant-data");
    assertThat(server.adminCall("ACL", "GETUSER", "reused")).isNull();

    Tenant adopted = tenancy.create("reused").adoptExistingKeys().apply();
    try (var conn = client.connect(KeyPrefixCodec.of(adopted.connection()), adopted.connection().redisUri())) {
      assertThat(conn.sync().get("secret")).as("adopted explicitly").isEqualTo("old-tenant-data");
    }
    server.adminCall("ACL", "DELUSER", "reused"); // the server lost it: reconcile makes it again, no adopting needed
    assertThat(tenancy.reconcile().restarted()).containsExactly("reused (was MISSING)");
  }

  @Test
  void reconcileReappliesAUserTheServerLost() throws Exception {
    Tenant t = tenancy.create("fragile").apply();
    server.adminCall("ACL", "DELUSER", "fragile"); // e.g. a node restarted without its aclfile
    assertThat(t.status().state()).isEqualTo(TenantState.MISSING);
    assertThat(tenancy.reconcile().restarted()).containsExactly("fragile (was MISSING)");
    try (var conn = t.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }

  // ---------------------------------------------------------------- checks up front

  @Test
  void anAdminUserWithoutThePermissionsIsRefusedSayingWhatIsMissing() throws Exception {
    server.adminCall("ACL", "SETUSER", "weak", "on", ">weak-pw", "~*", "&*", "+@all", "-acl|setuser", "-scan", "-client|kill");
    Path otherHome = Files.createTempDirectory(root, "weak-");
    try {
      assertThatThrownBy(() -> RedisTenancy.builder().home(otherHome)
              .backend(Backends.sharedServers().server("127.0.0.1", server.port()).admin("weak", "weak-pw")).build())
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("the admin user 'weak' may not run ACL SETUSER probe-user")
          .hasMessageContaining("may not run SCAN 0")
          .hasMessageContaining("may not run CLIENT KILL USER probe-user")
          .hasMessageNotContaining("ACL GETUSER");
      assertThatThrownBy(() -> RedisTenancy.builder().home(otherHome)
              .backend(Backends.sharedServers().server("127.0.0.1", server.port()).admin("weak", "wrong")).build())
          .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("refuses the admin user 'weak'")
          .hasMessageNotContaining("wrong");
    } finally {
      server.adminCall("ACL", "DELUSER", "weak");
      TestFiles.deleteQuietly(otherHome);
    }
  }

  @Test
  void aServerWithoutAnAclfileIsReportedInStatus() throws Exception {
    try (TestRedis noFile = TestRedis.start(root, false, List.of())) {
      Path otherHome = Files.createTempDirectory(root, "nofile-");
      try (RedisTenancy other = RedisTenancy.builder().home(otherHome).backend(Backends.sharedServers()
          .server("127.0.0.1", noFile.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD)).build()) {
        Tenant t = other.create("volatile").apply();
        assertThat(t.status().state()).isEqualTo(TenantState.RUNNING);
        assertThat(t.status().problem()).hasValueSatisfying(p -> assertThat(p)
            .startsWith("warning: node tcp:127.0.0.1:" + noFile.port()).contains("cannot persist ACL users"));
        t.delete(Deletion.PURGE);
      } finally {
        TestFiles.deleteQuietly(otherHome);
      }
    }
  }

  static List<String> strings(Object reply) {
    return ((List<?>) reply).stream().map(String::valueOf).toList();
  }

  private static String aclUser(String name) throws Exception {
    Object user = server.adminCall("ACL", "GETUSER", name);
    if (user == null) {
      return "";
    }
    List<?> list = (List<?>) server.adminCall("ACL", "LIST");
    return list.stream().map(Object::toString).filter(l -> l.startsWith("user " + name + " ")).findFirst().orElse("");
  }
}
