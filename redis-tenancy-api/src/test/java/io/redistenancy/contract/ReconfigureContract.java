package io.redistenancy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Access;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.PlanReloadReport;
import io.redistenancy.Plans;
import io.redistenancy.ReconfigureReport;
import io.redistenancy.ReconfigureReport.Applied;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RollOutReport;
import io.redistenancy.TenancyException;
import io.redistenancy.Tenant;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live reconfiguration, as every backend of dedicated instances must show it, through the public API:
 * plan changes without a restart (the same instance, by its {@code run_id}, and an open client
 * connection surviving), persistence changes keeping data, access changes with real TLS handshakes,
 * refusals that change nothing, a rollback after a real refusal half-way, and a plan roll-out. A
 * backend's module extends it in an {@code *IT}.
 */
public abstract class ReconfigureContract {
  protected Path home;
  protected Path plansDir;
  protected RecordingListener listener;
  protected RedisTenancy tenancy;

  /** The backend under test, with TCP ports (access changes need TLS on TCP). */
  protected abstract BackendFactory backend();

  /**
   * Makes the tenant's instance unable to turn AOF on, for real (e.g. a file where Redis creates its
   * AOF directory): the fault the rollback tests inject. Undone by {@link #unblockAof}.
   */
  protected abstract void blockAof(Tenant tenant) throws IOException;

  protected abstract void unblockAof(Tenant tenant) throws IOException;

  @BeforeEach
  void openTenancy() throws IOException {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-reconf-");
    plansDir = Files.createDirectories(home.resolve("plans"));
    writePlan("small", "maxmemory 16mb\nmaxmemory-policy allkeys-lru\n");
    writePlan("large", "maxmemory 32mb\nmaxmemory-policy volatile-lru\nmaxclients 200\ntimeout 60\n"
        + "tcp-keepalive 120\nhz 20\n");
    writePlan("many", "maxmemory 16mb\nmaxmemory-policy allkeys-lru\ndatabases 4\n");
    listener = new RecordingListener();
    tenancy = RedisTenancy.builder().home(home.resolve("home")).backend(backend()).plans(Plans.directory(plansDir))
        .listener(listener).build();
  }

  @AfterEach
  void closeTenancy() {
    try {
      for (Tenant t : tenancy.tenants()) {
        try {
          unblockAof(t);
          t.delete(Deletion.PURGE);
        } catch (TenantNotFoundException | IOException e) {
          // gone already
        }
      }
      tenancy.close();
    } finally {
      TestFiles.deleteQuietly(home);
    }
  }

  protected void writePlan(String name, String text) throws IOException {
    Files.writeString(plansDir.resolve(name + ".conf"), text);
  }

  /** A field of the instance's {@code INFO}, read as the tenant. */
  protected static String info(Tenant tenant, String field) {
    try (var conn = tenant.connect()) {
      return conn.sync().info("everything").lines().filter(l -> l.startsWith(field + ":"))
          .map(l -> l.substring(field.length() + 1).trim()).findFirst().orElseThrow(() -> new AssertionError(field));
    }
  }

  /** Which instance process serves the tenant: Redis's run id is new on every start. */
  protected static String runId(Tenant tenant) {
    return info(tenant, "run_id");
  }

  // ---------------------------------------------------------------- live plan change

  @Test
  void aPlanChangeIsLiveOnTheSameInstanceWithAnOpenConnectionSurviving() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);
    try (StatefulRedisConnection<String, String> open = acme.connect()) {
      open.sync().set("k", "v");
      long clientId = open.sync().clientId();

      ReconfigureReport report = acme.changePlan("large");

      assertThat(report.changes()).extracting(ReconfigureReport.Change::setting)
          .contains("plan", "maxMemory", "evictionPolicy", "maxClients", "idleTimeout", "tcpKeepAlive", "hz");
      assertThat(report.changes()).allMatch(c -> c.applied() == Applied.LIVE);
      assertThat(report.restarted()).isFalse();
      assertThat(open.sync().clientId()).as("the same connection, not a reconnect").isEqualTo(clientId);
      assertThat(open.sync().get("k")).isEqualTo("v");
    }
    assertThat(runId(acme)).as("no restart").isEqualTo(instance);
    assertThat(info(acme, "maxmemory")).isEqualTo(Long.toString(MemorySize.ofMegabytes(32).toBytes()));
    assertThat(info(acme, "maxmemory_policy")).isEqualTo("volatile-lru");
    assertThat(info(acme, "maxclients")).isEqualTo("200");
    assertThat(acme.plan().name()).isEqualTo("large");
    assertThat(listener.payloads("acme", EventPayload.Resized.class))
        .containsExactly(new EventPayload.Resized(MemorySize.ofMegabytes(16), MemorySize.ofMegabytes(32)));
    assertThat(listener.payloads("acme", EventPayload.Reconfigured.class))
        .contains(new EventPayload.Reconfigured("plan", "small", "large"),
            new EventPayload.Reconfigured("maxClients", "1000", "200"));

    acme.restart();
    assertThat(info(acme, "maxclients")).as("the rendered config has it too").isEqualTo("200");
    assertThat(info(acme, "maxmemory_policy")).isEqualTo("volatile-lru");
  }

  @Test
  void aChangeToTheSameValuesChangesNothing() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    assertThat(acme.changePlan("small").changed()).isFalse();
    assertThat(acme.reconfigure().maxMemory(MemorySize.ofMegabytes(16)).apply().changes()).isEmpty();
  }

  // ---------------------------------------------------------------- persistence

  @Test
  void persistenceGoesFromRdbToAofAlwaysToNoneLiveKeepingData() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);
    try (var conn = acme.connect()) {
      conn.sync().set("before", "1");
    }

    ReconfigureReport toAof = acme.reconfigure().persistence(Persistence.AOF_ALWAYS).apply();
    assertThat(toAof.changes()).extracting(Object::toString).containsExactly("persistence RDB -> AOF_ALWAYS (LIVE)");
    assertThat(toAof.aofRewrite()).as("turning AOF on rewrites it, and the change waits for it").isPresent();
    assertThat(info(acme, "aof_enabled")).isEqualTo("1");
    assertThat(info(acme, "aof_rewrite_in_progress")).isEqualTo("0");
    try (var conn = acme.connect()) {
      conn.sync().set("during", "2");
    }
    assertThat(runId(acme)).isEqualTo(instance);

    ReconfigureReport toNone = acme.reconfigure().persistence(Persistence.NONE).apply();
    assertThat(toNone.changes()).extracting(Object::toString).containsExactly("persistence AOF_ALWAYS -> NONE (LIVE)");
    assertThat(info(acme, "aof_enabled")).isEqualTo("0");
    assertThat(runId(acme)).isEqualTo(instance);
    try (var conn = acme.connect()) {
      assertThat(conn.sync().mget("before", "during")).extracting(kv -> kv.getValue()).containsExactly("1", "2");
    }
    assertThat(acme.plan().persistence()).isEqualTo(Persistence.NONE);
  }

  // ---------------------------------------------------------------- access

  @Test
  void accessGoesFromPlainToDualToTlsOnlyLiveWithRealHandshakes() throws Exception {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);
    Endpoint plainTcp = OwnInstance.tcpOf(acme.connection());
    try (StatefulRedisConnection<String, String> open = acme.connect()) {
      open.sync().set("k", "v");
      long clientId = open.sync().clientId();

      ReconfigureReport dual = acme.reconfigure().access(Access.DUAL).apply();
      assertThat(dual.changes()).extracting(Object::toString).containsExactly("access PLAIN -> DUAL (LIVE)");
      ConnectionInfo info = acme.connection();
      Endpoint tls = info.endpoints().stream().filter(Endpoint::isTls).findFirst().orElseThrow();
      assertThat(TlsProbe.ping(info, tls)).as("a real TLS handshake").isEqualTo("PONG");
      assertThat(acme.handover().env()).contains("rediss://");
      assertThat(open.sync().clientId()).as("the open connection survived").isEqualTo(clientId);
      assertThat(info.endpoints()).as("the socket, plaintext, still serves").anyMatch(Endpoint::isUnixSocket);

      acme.reconfigure().access(Access.TLS_ONLY).apply();
      ConnectionInfo tlsOnly = acme.connection();
      assertThat(tlsOnly.endpoints()).allMatch(Endpoint::isTls);
      assertThat(TlsProbe.ping(tlsOnly, tlsOnly.endpoint())).isEqualTo("PONG");
      assertPlaintextRefused(tlsOnly.endpoint());
      assertPlaintextRefused(plainTcp);
      assertThat(open.sync().get("k")).as("still the same connection").isEqualTo("v");
    }
    assertThat(runId(acme)).as("no restart").isEqualTo(instance);

    acme.reconfigure().access(Access.PLAIN).apply();
    assertThat(acme.connection().endpoints()).noneMatch(Endpoint::isTls);
    try (RespConnection plain = RespConnection.open(OwnInstance.tcpOf(acme.connection()), Duration.ofSeconds(5))) {
      plain.auth("acme", acme.connection().password());
      assertThat(plain.callString("PING")).isEqualTo("PONG");
    }
    assertThat(runId(acme)).isEqualTo(instance);
  }

  private static void assertPlaintextRefused(Endpoint endpoint) {
    assertThatThrownBy(() -> {
      try (RespConnection plain = RespConnection.open(Endpoint.tcp(endpoint.host().orElseThrow(), endpoint.port()),
          Duration.ofSeconds(5))) {
        plain.callString("PING");
      }
    }).as("plaintext on " + endpoint).isInstanceOfAny(IOException.class, RuntimeException.class);
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void aRestartOnlySettingIsRefusedLeavingNothingChanged() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);

    assertThatThrownBy(() -> acme.reconfigure().maxMemory(MemorySize.ofMegabytes(32)).databases(4).apply())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("databases 16 -> 4").hasMessageContaining("allowRestart()")
        .hasMessageEndingWith("Tenant 'acme' was not changed.");
    assertThatThrownBy(() -> acme.changePlan("many")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("databases");

    assertThat(acme.plan().name()).isEqualTo("small");
    assertThat(acme.plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    assertThat(info(acme, "maxmemory")).isEqualTo(Long.toString(MemorySize.ofMegabytes(16).toBytes()));
    assertThat(runId(acme)).isEqualTo(instance);
    assertThat(listener.payloads("acme", EventPayload.Resized.class)).isEmpty();
  }

  @Test
  void aRestartOnlySettingIsAppliedLastByARestartWhenAllowedKeepingData() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
    }

    ReconfigureReport report = acme.reconfigure().plan("many").allowRestart().apply();

    assertThat(report.changes()).extracting(Object::toString).contains("databases 16 -> 4 (RESTART)");
    assertThat(report.restarted()).isTrue();
    assertThat(runId(acme)).isNotEqualTo(instance);
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("k")).as("kept by RDB across the restart").isEqualTo("v");
      assertThatThrownBy(() -> conn.sync().select(5)).hasMessageContaining("DB index is out of range");
    }
  }

  @Test
  void badInputNamesTheValueAndWhatIsAllowed() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    assertThatThrownBy(() -> acme.changePlan("gold")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Plan 'gold' does not exist; known plans: default, large, many, small");
    assertThatThrownBy(() -> acme.reconfigure().maxClients(0)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxClients 0 is out of range; allowed 1 to 100000");
    assertThatThrownBy(() -> acme.reconfigure().plan("Not A Plan")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Not A Plan");
    assertThat(acme.plan().name()).isEqualTo("small");
  }

  // ---------------------------------------------------------------- rollback

  @Test
  void aFailureHalfWayRollsBackWhatWasApplied() throws IOException {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    String instance = runId(acme);
    blockAof(acme); // maxmemory is applied first, then Redis itself refuses appendonly yes

    assertThatThrownBy(() -> acme.reconfigure().maxMemory(MemorySize.ofMegabytes(32))
        .persistence(Persistence.AOF_EVERYSEC).apply())
        .isInstanceOf(TenancyException.class)
        .hasMessageContaining("Redis refused persistence AOF_EVERYSEC").hasMessageContaining("rolled back");

    assertThat(info(acme, "maxmemory")).as("the live maxmemory put back")
        .isEqualTo(Long.toString(MemorySize.ofMegabytes(16).toBytes()));
    assertThat(info(acme, "aof_enabled")).isEqualTo("0");
    assertThat(acme.plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(16));
    assertThat(acme.plan().persistence()).isEqualTo(Persistence.RDB);
    assertThat(runId(acme)).isEqualTo(instance);
    assertThat(listener.payloads("acme", EventPayload.Resized.class)).isEmpty();
    assertThat(tenancy.reconcile().isClean()).as("nothing left pending").isTrue();
    acme.restart();
    assertThat(info(acme, "maxmemory")).as("the rendered config put back")
        .isEqualTo(Long.toString(MemorySize.ofMegabytes(16).toBytes()));

    unblockAof(acme);
    assertThat(acme.reconfigure().persistence(Persistence.AOF_EVERYSEC).apply().changed()).isTrue();
  }

  // ---------------------------------------------------------------- roll-out

  @Test
  void aRollOutOverTwentyTenantsChangesEachLiveKeepsOverridesAndRetriesFailures() throws IOException {
    writePlan("web", "maxmemory 16mb\nmaxclients 100\n");
    assertThat(tenancy.reloadPlans().added()).containsExactly("web");
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tenants.add(tenancy.create(String.format("web%02d", i)).plan("web").apply());
    }
    Tenant own = tenants.get(3);
    own.resize(MemorySize.ofMegabytes(24)); // its own: a roll-out keeps it
    Tenant failing = tenants.get(7);
    blockAof(failing);
    String instance = runId(tenants.get(0));

    writePlan("web", "maxmemory 20mb\nmaxclients 300\nappendonly yes\nappendfsync everysec\n");
    PlanReloadReport reload = tenancy.reloadPlans();
    assertThat(reload.changed()).containsExactly("web");
    List<RollOutReport.Outcome> progress = new CopyOnWriteArrayList<>();
    RollOutReport first = tenancy.rollOut("web", progress::add);

    assertThat(first.outcomes()).hasSize(20);
    assertThat(progress).isEqualTo(first.outcomes());
    assertThat(first.changed()).hasSize(19).doesNotContain("web07");
    assertThat(first.failed()).containsOnlyKeys("web07");
    assertThat(first.failed().get("web07")).contains("persistence");
    assertThat(info(tenants.get(0), "maxclients")).isEqualTo("300");
    assertThat(info(tenants.get(0), "aof_enabled")).isEqualTo("1");
    assertThat(runId(tenants.get(0))).as("live").isEqualTo(instance);
    assertThat(tenants.get(0).plan().maxMemory()).isEqualTo(MemorySize.ofMegabytes(20));
    assertThat(own.plan().maxMemory()).as("its own resize kept").isEqualTo(MemorySize.ofMegabytes(24));
    assertThat(own.plan().maxClients()).isEqualTo(300);
    assertThat(failing.plan().maxClients()).as("rolled back").isEqualTo(100);
    assertThat(info(failing, "maxclients")).isEqualTo("100");

    unblockAof(failing);
    RollOutReport again = tenancy.rollOut("web", o -> {});
    assertThat(again.changed()).containsExactly("web07");
    assertThat(again.unchanged()).hasSize(19);
    assertThat(again.isSuccess()).isTrue();
  }

  @Test
  void aPlanFileThatNoLongerReadsKeepsItsPreviousVersionInForce() throws IOException {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    writePlan("small", "maxmemory 16mb\nmaxclients lots\n");

    PlanReloadReport reload = tenancy.reloadPlans();

    assertThat(reload.problems()).singleElement().asString().contains("small.conf:2").contains("maxclients")
        .contains("previous version stays in force");
    RollOutReport report = tenancy.rollOut("small", o -> {});
    assertThat(report.unchanged()).containsExactly("acme");
    assertThat(acme.plan().maxClients()).isEqualTo(1000);
  }
}
