package io.redistenancy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.EventPayload;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.ReconcileReport;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantAlreadyExistsException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.external.TestRedis;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every backend must show, through the public API only. A backend's module runs it by
 * extending this class in an {@code *IT} and supplying {@link #backend()}.
 */
public abstract class TenancyContract {
  protected static final Plan SMALL = Plan.builder("small").maxMemory(MemorySize.ofMegabytes(16))
      .evictionPolicy(EvictionPolicy.ALLKEYS_LRU).build();
  protected static final Plan DURABLE = Plan.builder("durable").maxMemory(MemorySize.ofMegabytes(32))
      .persistence(Persistence.AOF_ALWAYS).build();

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
  protected Path tempDir;
  protected Path home;
  protected RecordingListener listener;
  protected RedisTenancy tenancy;
  private RedisClient client;

  /** The backend under test, with its test settings. */
  protected abstract BackendFactory backend();

  /** How many threads and tenants per thread the parallel-create test uses. */
  protected int parallelThreads() {
    return 8;
  }

  protected int tenantsPerThread() {
    return 25;
  }

  @BeforeEach
  void openTenancy() throws Exception {
    home = Files.createDirectories(shortHome());
    listener = new RecordingListener();
    tenancy = open();
    client = RedisClient.create();
    client.setOptions(ClientOptions.builder().socketOptions(SocketOptions.builder().keepAlive(false).build()).build());
  }

  /** Homes must be short (sockets live below them): use a short temp dir rather than JUnit's long one. */
  private Path shortHome() throws Exception {
    return Files.createTempDirectory(Path.of("/tmp"), "rt-");
  }

  protected RedisTenancy open() {
    return RedisTenancy.builder().home(home).backend(backend()).plans(Plans.of(SMALL, DURABLE))
        .listener(listener).build();
  }

  @AfterEach
  void closeTenancy() {
    try {
      if (tenancy != null) {
        for (Tenant t : tenancy.tenants()) {
          try {
            t.delete(Deletion.PURGE);
          } catch (TenantNotFoundException goneMeanwhile) {
            // a failed parallel create rolled itself back
          }
        }
        tenancy.close();
      }
    } finally {
      if (client != null) {
        client.shutdown();
      }
      io.redistenancy.contract.TestFiles.deleteQuietly(home);
    }
  }

  protected StatefulRedisConnection<String, String> connectAs(Endpoint endpoint, String user, String password) {
    RedisURI.Builder b = endpoint.isUnixSocket()
        ? RedisURI.Builder.socket(endpoint.socket().orElseThrow().toString())
        : RedisURI.Builder.redis(endpoint.host().orElseThrow(), endpoint.port());
    if (user != null) {
      b.withAuthentication(user, password.toCharArray());
    }
    return client.connect(b.withTimeout(Duration.ofSeconds(5)).build());
  }

  /** What the lifecycle tests expect of a small-plan tenant holding one key. */
  protected static void assertRunningWithOneKeyIn16Megabytes(TenantStatus status) {
    assertThat(status.state()).isEqualTo(TenantState.RUNNING);
    assertThat(status.keys()).isEqualTo(1);
    assertThat(status.maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    assertThat(status.usedMemory().toBytes()).isPositive();
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void fullLifecycle() {
    Tenant acme = tenancy.create("acme").plan("small").maxClients(50).apply();
    assertThat(acme.name()).isEqualTo("acme");
    assertThat(acme.plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    assertThat(acme.plan().maxClients()).isEqualTo(50);
    assertThat(tenancy.tenant("acme")).contains(acme);
    assertThat(tenancy.tenants()).containsExactly(acme);

    try (var conn = acme.connect()) {
      conn.sync().set("greeting", "hello");
      assertThat(conn.sync().get("greeting")).isEqualTo("hello");
      assertThat(conn.sync().configGet("maxmemory")).containsEntry("maxmemory", "16777216");
    }
    assertRunningWithOneKeyIn16Megabytes(acme.status());

    acme.resize(MemorySize.ofMegabytes(24));
    try (var conn = acme.connect()) {
      assertThat(conn.sync().configGet("maxmemory")).containsEntry("maxmemory", "25165824");
      assertThat(conn.sync().get("greeting")).as("resize is live: no restart, data still in memory").isEqualTo("hello");
    }
    assertThat(acme.plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(24));
    assertThat(listener.payloads("acme", EventPayload.Resized.class))
        .containsExactly(new EventPayload.Resized(MemorySize.ofMegabytes(16), MemorySize.ofMegabytes(24)));
    assertThat(listener.payloads("acme", EventPayload.Created.class))
        .containsExactly(new EventPayload.Created("small", MemorySize.ofMegabytes(16)));

    acme.stop();
    assertThat(acme.status().state()).isEqualTo(TenantState.STOPPED);
    acme.start();
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("greeting")).as("RDB tenant saves on a clean stop").isEqualTo("hello");
      assertThat(conn.sync().configGet("maxmemory")).as("resize kept for the next start")
          .containsEntry("maxmemory", "25165824");
    }
    acme.restart();
    assertThat(acme.status().state()).isEqualTo(TenantState.RUNNING);

    acme.delete(Deletion.PURGE);
    assertThat(tenancy.tenant("acme")).isEmpty();
    assertThatThrownBy(acme::status).isInstanceOf(TenantNotFoundException.class)
        .hasMessage("Tenant 'acme' does not exist (deleted, or never created). tenancy.tenants() lists the tenants.");
    assertThat(tenancy.reconcile().unwanted()).isEmpty();
    assertThat(listener.types("acme")).containsSubsequence(TenancyEvent.Type.CREATED, TenancyEvent.Type.RESIZED,
        TenancyEvent.Type.STOPPED, TenancyEvent.Type.STARTED, TenancyEvent.Type.DELETED);
  }

  @Test
  void resetReturnsTheInstanceToPristine() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    try (var dirty = acme.connect()) {
      dirty.sync().select(3);
      dirty.sync().set("k", "v");
      dirty.sync().scriptLoad("return 1");
      dirty.sync().functionLoad("#!lua name=lib\nredis.register_function('f1', function(keys, args) return 1 end)");
      dirty.sync().configGet("maxmemory");
      acme.reset();
      try (var fresh = acme.connect()) {
        assertThat(fresh.sync().dbsize()).isZero();
        fresh.sync().select(3);
        assertThat(fresh.sync().dbsize()).isZero();
        assertThat(fresh.sync().functionList()).isEmpty();
        assertThat(fresh.sync().configGet("maxmemory")).containsEntry("maxmemory", "16777216");
        assertThat(fresh.sync().clientList().lines().filter(l -> l.contains("user=acme")).count())
            .as("the dirty client was disconnected (Lettuce may have reconnected it once)").isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void handoverFilesArePrivateAndComplete() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    ConnectionInfo info = acme.connection();
    List<Path> files = acme.handover().writeTo(tempDir.resolve("handover"));
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("acme.env", "acme.json");
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    String env = Files.readString(files.get(0));
    assertThat(env).contains("REDIS_URL=", "REDIS_USERNAME=acme", "REDIS_PASSWORD=" + info.password());
    assertThat(Files.readString(files.get(1))).contains("\"username\" : \"acme\"");
    assertThat(info.toString()).doesNotContain(info.password());
    assertThat(info.redisUri().toString()).doesNotContain(info.password());
  }

  @Test
  void tenancySurvivesReopen() {
    tenancy.create("acme").apply().connect().sync().set("k", "v");
    tenancy.close();
    tenancy = open();
    Tenant acme = tenancy.tenant("acme").orElseThrow();
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("k")).isEqualTo("v");
    }
  }

  @Test
  void secondTenancyOnTheSameHomeIsRefused() {
    assertThatThrownBy(this::open).hasMessageStartingWith("Home " + home + " is in use by another RedisTenancy");
  }

  // ---------------------------------------------------------------- isolation

  @Test
  void tenantsAreIsolated() throws Exception {
    Tenant a = tenancy.create("tenant-a").apply();
    Tenant b = tenancy.create("tenant-b").apply();
    ConnectionInfo ai = a.connection();
    ConnectionInfo bi = b.connection();
    assertThat(ai.password()).isNotEqualTo(bi.password());

    assertThat(AuthRefusal.of(bi.endpoint(), ai.username(), ai.password())).startsWith("WRONGPASS");
    assertThat(AuthRefusal.of(bi.endpoint(), bi.username(), ai.password())).startsWith("WRONGPASS");
    // without credentials (a raw connection: Lettuce would already fail in its HELLO handshake)
    try (var anonymous = io.redistenancy.internal.resp.RespConnection.open(bi.endpoint(), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> anonymous.call("GET", "k")).hasMessageStartingWith("NOAUTH");
    }
    // the default user is off
    assertThat(AuthRefusal.of(bi.endpoint(), "default", "")).startsWith("WRONGPASS");
  }

  @Test
  void stateFilesArePrivate() throws Exception {
    tenancy.create("acme").apply();
    assertThat(mode(home)).isEqualTo("rwx------");
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : all.filter(p -> p.toString().contains("secrets") || p.toString().endsWith(".json")
          || p.endsWith("state.journal")).toList()) {
        assertThat(mode(p)).as(p.toString()).isIn("rwx------", "rw-------");
      }
    }
  }

  protected static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void tenantUserRunsAnApplicationsCommands() {
    Tenant acme = tenancy.create("acme").apply();
    try (var conn = acme.connect()) {
      RedisCommands<String, String> r = conn.sync();
      r.set("s", "1");
      r.incr("s");
      r.hset("h", "f", "v");
      r.lpush("l", "a", "b");
      r.sadd("set", "x");
      r.zadd("z", 1.0, "m");
      r.xadd("stream", java.util.Map.of("f", "v"));
      r.expire("s", 100);
      r.multi();
      r.set("t", "1");
      r.exec();
      assertThat((Long) r.eval("return redis.call('incr', KEYS[1])", io.lettuce.core.ScriptOutputType.INTEGER, "s"))
          .isEqualTo(3);
      r.functionLoad("#!lua name=lib\nredis.register_function('f1', function(keys, args) return 1 end)");
      r.publish("chan", "msg");
      assertThat(r.keys("*")).contains("s", "h", "l");
      assertThat(r.scan().getKeys()).isNotEmpty();
      assertThat(r.info("memory")).contains("used_memory");
      assertThat(r.configGet("maxmemory-policy")).isNotEmpty();
      r.clientSetname("app");
      assertThat(r.clientList()).contains("name=app");
      r.flushdb();
      r.flushall();
    }
  }

  @Test
  void tenantUserCannotAdministerItsInstance() {
    Tenant acme = tenancy.create("acme").apply();
    List<String[]> forbidden = List.of(
        new String[] {"CONFIG", "SET", "maxmemory", "0"}, new String[] {"CONFIG", "REWRITE"},
        new String[] {"CONFIG", "RESETSTAT"}, new String[] {"DEBUG", "SLEEP", "0"}, new String[] {"MODULE", "LIST"},
        new String[] {"ACL", "SETUSER", "x"}, new String[] {"ACL", "DELUSER", "tenancy_admin"},
        new String[] {"SHUTDOWN"}, new String[] {"REPLICAOF", "127.0.0.1", "1"}, new String[] {"SLAVEOF", "127.0.0.1", "1"},
        new String[] {"FAILOVER"}, new String[] {"SYNC"}, new String[] {"PSYNC", "?", "-1"}, new String[] {"SAVE"},
        new String[] {"BGSAVE"}, new String[] {"BGREWRITEAOF"}, new String[] {"MONITOR"}, new String[] {"CLIENT", "KILL", "ID", "1"});
    try (var conn = acme.connect()) {
      for (String[] command : forbidden) {
        assertThatThrownBy(() -> conn.sync().dispatch(keyword(command[0]),
                new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                    .addValues(List.of(command).subList(1, command.length))))
            .as(String.join(" ", command))
            // DEBUG and MODULE are switched off for every user (enable-*-command no) before the ACL check
            .hasMessageMatching("(?s).*(NOPERM|ERR (DEBUG|MODULE) command not allowed).*");
      }
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }

  /**
   * SWAPDB and RESTORE are an application's on its own instance; a RESTORE payload is checked in full
   * (a crafted one that passes the checksum never reaches the server's memory); MIGRATE (the server
   * would connect anywhere) and RESTORE-ASKING stay refused.
   */
  @Test
  void dedicatedTenantSwapsAndRestoresButRefusesCorruptPayloadsAndMigrate() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    ConnectionInfo info = acme.connection();
    try (RawClient r = RawClient.open(info.endpoint(), info.username(), info.password())) {
      r.call("HSET", "h", "ab", "1", "cd", "2");
      byte[] payload = (byte[]) r.call("DUMP", "h");
      assertThat(RawClient.render(r.call("RESTORE", "copy", "0", payload))).isEqualTo("+OK");
      assertThat(RawClient.render(r.call("HGETALL", "copy"))).isEqualTo("[\"ab\", \"1\", \"cd\", \"2\"]");

      byte[] corrupt = DumpPayloads.withDuplicatedField(payload, "cd", "ab");
      assertThat(RawClient.render(r.call("RESTORE", "bad", "0", corrupt))).isEqualTo("-ERR Bad data format");
      assertThat(r.call("EXISTS", "bad")).isEqualTo(0L);

      r.call("SELECT", "1");
      r.call("SET", "k", "in one");
      assertThat(RawClient.render(r.call("SWAPDB", "0", "1"))).isEqualTo("+OK");
      r.call("SELECT", "0");
      assertThat(RawClient.render(r.call("GET", "k"))).isEqualTo("\"in one\"");

      assertThat(RawClient.render(r.call("MIGRATE", "127.0.0.1", "1", "k", "0", "1000"))).startsWith("-NOPERM");
      assertThat(RawClient.render(r.call("RESTORE-ASKING", "other", "0", payload))).startsWith("-NOPERM");
      assertThat(r.call("EXISTS", "other")).isEqualTo(0L);
    }
  }

  /**
   * Keyspace notifications as a plan setting: published from the start, changed live (the tenant user
   * cannot CONFIG SET), kept by a restart.
   */
  @Test
  void keyspaceEventsComeFromThePlanChangeLiveAndSurviveARestart() throws Exception {
    Tenant acme = tenancy.create("acme").keyspaceEvents(KeyspaceEvents.parse("Egx")).apply();
    assertThat(acme.plan().keyspaceEvents()).isEqualTo(KeyspaceEvents.parse("Egx"));
    assertThat(liveKeyspaceEvents(acme)).isEqualTo(KeyspaceEvents.parse("Egx"));
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v"); // a string command: no event with these flags
    }
    assertThat(firstKeyEvent(acme, "EXPIRE", "k", "1000")).isEqualTo("[\"pmessage\", \"__keyevent@0__:*\", "
        + "\"__keyevent@0__:expire\", \"k\"]");

    acme.keyspaceEvents(KeyspaceEvents.parse("E$"));
    assertThat(acme.plan().keyspaceEvents()).isEqualTo(KeyspaceEvents.parse("E$"));
    assertThat(liveKeyspaceEvents(acme)).isEqualTo(KeyspaceEvents.parse("E$"));
    assertThat(firstKeyEvent(acme, "SET", "k", "v")).isEqualTo("[\"pmessage\", \"__keyevent@0__:*\", "
        + "\"__keyevent@0__:set\", \"k\"]");

    acme.restart();
    assertThat(liveKeyspaceEvents(acme)).as("after a restart").isEqualTo(KeyspaceEvents.parse("E$"));
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.RECONFIGURED);

    acme.keyspaceEvents(KeyspaceEvents.NONE);
    assertThat(liveKeyspaceEvents(acme)).isEqualTo(KeyspaceEvents.NONE);
  }

  private static KeyspaceEvents liveKeyspaceEvents(Tenant tenant) throws Exception {
    ConnectionInfo info = tenant.connection();
    try (RawClient r = RawClient.open(info.endpoint(), info.username(), info.password())) {
      @SuppressWarnings("unchecked")
      List<Object> reply = (List<Object>) r.call("CONFIG", "GET", "notify-keyspace-events");
      return KeyspaceEvents.parse(RawClient.text(reply.get(1)));
    }
  }

  /** The first keyevent notification a subscriber sees after {@code command} runs. */
  private static String firstKeyEvent(Tenant tenant, String... command) throws Exception {
    ConnectionInfo info = tenant.connection();
    try (RawClient subscriber = RawClient.open(info.endpoint(), info.username(), info.password());
        RawClient r = RawClient.open(info.endpoint(), info.username(), info.password())) {
      subscriber.call("PSUBSCRIBE", "__keyevent@0__:*"); // its reply: subscribed from here on
      r.call((Object[]) command);
      return RawClient.render(subscriber.next());
    }
  }

  /**
   * A representative application session (every data type, streams with consumer groups, SWAPDB,
   * DUMP/RESTORE, keyspace notifications from the plan, MULTI/EXEC, EVAL, FCALL, pub/sub, OBJECT
   * ENCODING, WAIT) gets exactly the replies a plain redis-server gives.
   */
  @Test
  void applicationsRunUnchangedOnADedicatedTenant() throws Exception {
    Tenant acme = tenancy.create("acme").keyspaceEvents(ApplicationScript.EVENTS).apply();
    ConnectionInfo info = acme.connection();
    List<String> onTenant = ApplicationScript.run(
        new ApplicationScript.Target(info.endpoint(), info.username(), info.password()));
    List<String> onPlainServer;
    try (TestRedis plain = TestRedis.start(Files.createDirectories(tempDir.resolve("plain")))) {
      // what an application would do itself on its own server: the tenant has it from its plan
      plain.adminCall("CONFIG", "SET", "notify-keyspace-events", ApplicationScript.EVENTS.toRedisValue());
      onPlainServer = ApplicationScript.run(
          new ApplicationScript.Target(plain.endpoint(), TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD));
    }
    assertThat(onPlainServer).hasSizeGreaterThan(200).anyMatch(l -> l.startsWith("event "));
    assertThat(onTenant).containsExactlyElementsOf(onPlainServer);
  }

  /** Any command name, including those Lettuce has no constant for (MODULE, FAILOVER, …). */
  private static io.lettuce.core.protocol.ProtocolKeyword keyword(String name) {
    return new io.lettuce.core.protocol.ProtocolKeyword() {
      @Override
      public byte[] getBytes() {
        return name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void hostileNamesAreRefusedAndLeaveNothing() throws Exception {
    List<String> hostile = List.of("../x", "a b", "A*", "x".repeat(200), "", "ünï", "a\nb", "a/b", "-ab", "ab-",
        "a", "a.b", "a?b", "a[b", "a\\b", "tenancy_admin");
    for (String name : hostile) {
      assertThatThrownBy(() -> tenancy.create(name)).as(name).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("Tenant name '")
          .hasMessageContaining("is invalid: use 2 to 32 characters of a-z, 0-9 and '-'");
    }
    assertThatThrownBy(() -> tenancy.create(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tenancy.create("default")).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Tenant name 'default' is reserved");
    assertNothingLeft();
  }

  @Test
  void unknownPlanAndBadValuesAreRefusedAndLeaveNothing() throws Exception {
    assertThatThrownBy(() -> tenancy.create("acme").plan("gold").apply())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Plan 'gold' does not exist; known plans: default, durable, small. Tenant 'acme' was not created.");
    assertThatThrownBy(() -> tenancy.create("acme").maxMemory(MemorySize.ofKilobytes(10)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxMemory 10k is below the minimum of 1mb (a tenant is never unlimited)");
    assertThatThrownBy(() -> tenancy.create("acme").maxClients(0))
        .hasMessage("maxClients 0 is out of range; allowed 1 to 100000");
    assertNothingLeft();
  }

  /** 9223372036854775807 bytes would make a tenant unlimited in all but name. */
  @Test
  void memoryAboveTheCeilingIsRefusedAndLeavesNothing() throws Exception {
    MemorySize huge = MemorySize.ofBytes(Long.MAX_VALUE);
    assertThatThrownBy(() -> tenancy.create("acme").maxMemory(huge))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("maxMemory 9223372036854775807b is above the ceiling of ")
        .hasMessageContaining("(this machine's memory; RedisTenancy.builder().maxTenantMemory(…) sets another ceiling)");
    Tenant acme = tenancy.create("acme").plan("small").apply();
    assertThatThrownBy(() -> acme.resize(huge))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageEndingWith("Tenant 'acme' was not resized.");
    assertThat(acme.plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    acme.delete(Deletion.PURGE);

    tenancy.close();
    var capped = RedisTenancy.builder().home(home).backend(backend()).maxTenantMemory(MemorySize.ofMegabytes(24));
    assertThatThrownBy(() -> capped.plans(Plans.of(SMALL, DURABLE)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("The plans of Plans.of") // a set of names, in no fixed order
        .hasMessageEndingWith(" have 1 problem; the tenancy was not opened:\n"
            + "  plan 'durable': maxMemory 32mb is above the ceiling of 24mb (the tenancy's maxTenantMemory)");
    tenancy = capped.plans(Plans.of(SMALL)).build();
    assertThatThrownBy(() -> tenancy.create("acme").maxMemory(MemorySize.ofMegabytes(32)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxMemory 32mb is above the ceiling of 24mb (the tenancy's maxTenantMemory).");
    assertNothingLeft();
  }

  /** A broken plan directory is found when the tenancy is built, with every problem at once. */
  @Test
  void hostilePlanFileIsRefusedAndLeavesNothing() throws Exception {
    Path plans = Files.createDirectories(tempDir.resolve("plans"));
    Files.writeString(plans.resolve("evil.conf"), "maxmemory 64mb\ninclude /etc/passwd\nmaxclients lots\n");
    Files.writeString(plans.resolve("huge.json"), "{\"maxMemory\": \"9223372036854775807\"}");
    Files.writeString(plans.resolve("fine.conf"), "maxmemory 32mb\n");
    tenancy.close();
    tenancy = null;
    var builder = RedisTenancy.builder().home(home).backend(backend()).plans(Plans.directory(plans));
    assertThatThrownBy(builder::build)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("The plans of Plans.directory(" + plans + ") have 2 problems; the tenancy was not "
            + "opened:\n  evil.conf:2: directive 'include' is forbidden in a plan: the library controls it\n"
            + "  evil.conf:3: maxclients value 'lots' is not a whole number of 0 or more");
    Files.delete(plans.resolve("evil.conf"));
    assertThatThrownBy(builder::build)
        .hasMessageStartingWith("The plans of Plans.directory(" + plans + ") have 1 problem; the tenancy was not "
            + "opened:\n  plan 'huge': maxMemory 9223372036854775807b is above the ceiling of ");
    Files.delete(plans.resolve("huge.json"));
    tenancy = builder.build();
    assertThat(tenancy.create("acme").plan("fine").apply().plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(32));
    tenancy.tenant("acme").orElseThrow().delete(Deletion.PURGE);
    assertNothingLeft();
  }

  @Test
  void duplicateNameIsRefused() {
    tenancy.create("acme").plan("small").apply();
    assertThatThrownBy(() -> tenancy.create("acme").apply())
        .isInstanceOf(TenantAlreadyExistsException.class)
        .hasMessage("Tenant 'acme' already exists (plan small, backend " + tenancy.backendName()
            + "). Use tenancy.tenant(\"acme\") or delete it first.");
  }

  protected void assertNothingLeft() throws Exception {
    assertThat(tenancy.tenants()).isEmpty();
    ReconcileReport report = tenancy.reconcile();
    assertThat(report.unwanted()).isEmpty();
    try (Stream<Path> files = Files.walk(home)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> home.relativize(p).toString())
          .filter(p -> p.startsWith("tenants/") || p.startsWith("secrets/")))
          .isEmpty();
    }
  }

  // ---------------------------------------------------------------- concurrency and repair

  @Test
  void parallelCreatesAllBecomeReady() throws Exception {
    int threads = parallelThreads();
    int each = tenantsPerThread();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<Tenant>>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          List<Tenant> made = new java.util.ArrayList<>();
          for (int i = 0; i < each; i++) {
            made.add(tenancy.create("t" + thread + "-" + i).plan("small").apply());
          }
          return made;
        }));
      }
      List<Tenant> all = new java.util.ArrayList<>();
      for (var f : futures) {
        all.addAll(f.get(5, java.util.concurrent.TimeUnit.MINUTES));
      }
      assertThat(all).hasSize(threads * each);
      assertThat(all.stream().map(t -> t.connection().endpoint()).distinct()).hasSize(threads * each);
      for (Tenant t : all) {
        try (var conn = t.connect()) {
          conn.sync().set("me", t.name());
          assertThat(conn.sync().get("me")).isEqualTo(t.name());
        }
      }
      assertThat(tenancy.tenants()).hasSize(threads * each);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reconcileRollsBackAnInterruptedCreate() throws Exception {
    tenancy.create("acme").apply();
    tenancy.close();
    StateFiles.markPending(home, "acme", "CREATE", null);
    tenancy = RedisTenancy.builder().home(home).backend(backend()).reconcileOnOpen(false).build();
    ReconcileReport report = tenancy.reconcile();
    assertThat(report.rolledBack()).containsExactly("acme: create interrupted; rolled back");
    assertThat(tenancy.tenant("acme")).isEmpty();
    assertThat(tenancy.reconcile().isClean()).isTrue();
  }

  @Test
  void reconcileRollsBackACreateInterruptedBeforeItsRecord() throws Exception {
    tenancy.create("acme").apply();
    tenancy.close();
    // the crash came after the instance was made and before the outcome: only the secrets were durable
    Files.delete(home.resolve("tenants").resolve("acme.json"));
    tenancy = RedisTenancy.builder().home(home).backend(backend()).reconcileOnOpen(false).build();
    assertThat(tenancy.tenant("acme")).isEmpty();
    ReconcileReport report = tenancy.reconcile();
    assertThat(report.rolledBack()).containsExactly("acme: create interrupted; rolled back");
    assertThat(report.unwanted()).as("the instance went with the rollback").isEmpty();
    assertThat(home.resolve("secrets").resolve("acme.json")).doesNotExist();
    assertThat(tenancy.reconcile().isClean()).isTrue();
    tenancy.create("acme").apply().delete(Deletion.PURGE);
  }

  @Test
  void reconcileFinishesAnInterruptedDelete() throws Exception {
    tenancy.create("acme").apply();
    tenancy.close();
    StateFiles.markPending(home, "acme", "DELETE", "PURGE");
    tenancy = RedisTenancy.builder().home(home).backend(backend()).reconcileOnOpen(false).build();
    assertThat(tenancy.reconcile().completed()).containsExactly("acme: delete finished");
    assertThat(tenancy.tenant("acme")).isEmpty();
    assertThat(tenancy.reconcile().unwanted()).isEmpty();
  }

  @Test
  void reconcileReappliesAnInterruptedResize() throws Exception {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    acme.connect().sync().set("k", "v");
    tenancy.close();
    StateFiles.setMaxMemoryAndMarkPending(home, "acme", MemorySize.ofMegabytes(20).toBytes());
    tenancy = RedisTenancy.builder().home(home).backend(backend()).reconcileOnOpen(false).build();
    ReconcileReport report = tenancy.reconcile();
    assertThat(report.completed()).containsExactly("acme: resize re-applied");
    try (var conn = tenancy.tenant("acme").orElseThrow().connect()) {
      assertThat(conn.sync().configGet("maxmemory")).containsEntry("maxmemory", "20971520");
    }
  }

  @Test
  void reconcileReportsAndRemovesUnwantedInstances() throws Exception {
    tenancy.create("acme").apply();
    tenancy.close();
    StateFiles.forget(home, "acme");
    tenancy = RedisTenancy.builder().home(home).backend(backend()).reconcileOnOpen(false).build();
    assertThat(tenancy.reconcile().unwanted()).hasSize(1).first().asString().startsWith("acme");
    ReconcileReport removal = tenancy.reconcile(io.redistenancy.UnwantedInstances.REMOVE);
    assertThat(removal.removed()).containsExactly("acme");
    assertThat(tenancy.reconcile().unwanted()).isEmpty();
  }
}
