package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.contract.TestPorts;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DETACHED tenant whose JVM went away and whose port a squatter took meanwhile: when the home is
 * opened again, reconcile starts or adopts its instance on another port, and everything that names the
 * port says the new one (the tenant's state file, the local backend's record, {@code connection()},
 * the handover files, a {@code PORT_CHANGED} event) before any client is sent there; the squatter gets
 * nothing. An instance still on its old port is adopted with nothing changed.
 */
class LocalPortOnReopenIT {
  private static final String NAME = "acme";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path home;
  private int first;
  private final RecordingListener events = new RecordingListener();
  private final List<RedisTenancy> opened = new ArrayList<>();
  private final List<AutoCloseable> closeLast = new ArrayList<>();

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-reopen-");
    first = TestPorts.freeRange(4);
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(RedisTenancy::close);
    try (RedisTenancy last = RedisTenancy.builder().home(home).backend(Backends.local().tcpPorts(first, first + 3))
        .build()) {
      last.tenants().forEach(t -> t.delete(Deletion.PURGE));
    }
    for (AutoCloseable c : closeLast) {
      c.close();
    }
    TestFiles.deleteQuietly(home);
  }

  private RedisTenancy open() {
    return open(true);
  }

  private RedisTenancy open(boolean reconcileOnOpen) {
    RedisTenancy tenancy = RedisTenancy.builder().home(home).listener(events).reconcileOnOpen(reconcileOnOpen)
        .backend(Backends.local().lifecycle(Lifecycle.DETACHED).tcpPorts(first, first + 3)).build();
    opened.add(tenancy);
    return tenancy;
  }

  /** Creates the tenant, then lets its tenancy go away (DETACHED: the instance keeps running). */
  private int createAndLeave() {
    RedisTenancy tenancy = open();
    Tenant tenant = tenancy.create(NAME).apply();
    int port = tcpPort(tenant);
    tenancy.close();
    opened.remove(tenancy);
    return port;
  }

  private LocalPortsIT.Squatter squat(int port) {
    LocalPortsIT.Squatter squatter = LocalPortsIT.Squatter.on(port);
    closeLast.add(squatter);
    return squatter;
  }

  @ParameterizedTest(name = "reconcileOnOpen={0}")
  @ValueSource(booleans = {true, false})
  void anInstanceStartedByReconcileOnAnotherPortIsRecordedEverywhereAndAnnounced(boolean reconcileOnOpen)
      throws Exception {
    int port = createAndLeave();
    long pid = instancePid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // the instance died while no JVM watched it
    awaitGone(pid);
    LocalPortsIT.Squatter squatter = squat(port);

    RedisTenancy tenancy = open(reconcileOnOpen);
    if (!reconcileOnOpen) {
      tenancy.reconcile();
    }
    Tenant tenant = tenancy.tenant(NAME).orElseThrow(); // reconcile started the instance

    assertMovedEverywhere(tenant, port, squatter, "while it started");
  }

  /**
   * Without reconcile on open too: the adopted instance is where connection() sends clients from the
   * moment the tenancy is open.
   */
  @ParameterizedTest(name = "reconcileOnOpen={0}")
  @ValueSource(booleans = {true, false})
  void anInstanceRestartedByHandWithoutItsPortIsAdoptedOnAnotherPortRecordedEverywhereAndAnnounced(
      boolean reconcileOnOpen) throws Exception {
    int port = createAndLeave();
    long pid = instancePid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    awaitGone(pid);
    LocalPortsIT.Squatter squatter = squat(port);
    // an operator restarts it as the backend would (its config says port 0: the backend gives the port)
    Path dir = home.resolve("instances/tenants/" + NAME);
    Process byHand = new ProcessBuilder(RedisBinary.locate(Optional.empty()).path().toString(),
        dir.resolve("redis.conf").toString())
        .directory(dir.resolve("data").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    closeLast.add(() -> {
      byHand.destroyForcibly();
      byHand.waitFor(10, TimeUnit.SECONDS);
    });

    Tenant tenant = open(reconcileOnOpen).tenant(NAME).orElseThrow(); // the backend adopts it

    assertMovedEverywhere(tenant, port, squatter, "found when the home opened");
    assertThat(LocalTenancyIT.pid(tenant)).as("adopted, not restarted").isEqualTo(byHand.pid());
  }

  @Test
  void anInstanceStillOnItsPortIsAdoptedWithNothingChanged() throws Exception {
    int port = createAndLeave();
    long pid = instancePid();
    String stateBefore = Files.readString(stateFile());
    String recordBefore = Files.readString(backendRecord());

    Tenant tenant = open().tenant(NAME).orElseThrow();

    assertThat(LocalTenancyIT.pid(tenant)).as("adopted, not restarted").isEqualTo(pid);
    assertThat(tcpPort(tenant)).isEqualTo(port);
    assertThat(Files.readString(stateFile())).as("the tenant's state file").isEqualTo(stateBefore);
    assertThat(Files.readString(backendRecord())).as("the local backend's record").isEqualTo(recordBefore);
    assertThat(handoverEnv(tenant)).contains("REDIS_PORT=" + port + "\n");
    assertThat(events.types(NAME)).doesNotContain(TenancyEvent.Type.PORT_CHANGED, TenancyEvent.Type.RESTARTED);
  }

  private void assertMovedEverywhere(Tenant tenant, int old, LocalPortsIT.Squatter squatter, String why)
      throws Exception {
    assertThat(tenant.status().state()).isEqualTo(TenantState.RUNNING);
    int now = tcpPort(tenant);
    assertThat(now).as("connection() gives a port of the range other than the squatted one")
        .isNotEqualTo(old).isBetween(first, first + 3);
    assertThat(statePorts()).as("the TCP port in the tenant's state file").containsExactly(now);
    assertThat(backendPort()).as("the local backend's record").isEqualTo(now);
    assertThat(handoverEnv(tenant)).contains("REDIS_PORT=" + now + "\n").doesNotContain("127.0.0.1:" + old);
    assertThat(events.events()).filteredOn(e -> e.type() == TenancyEvent.Type.PORT_CHANGED)
        .singleElement().satisfies(e -> assertThat(e.detail())
            .contains("tcp:127.0.0.1:" + old + " -> tcp:127.0.0.1:" + now, why));
    RedisClient client = RedisClient.create();
    try (var conn = client.connect(tenant.connection().redisUri(tcpOf(tenant)))) {
      assertThat(conn.sync().ping()).as("the new port reaches the tenant").isEqualTo("PONG");
    } finally {
      client.shutdown();
    }
    assertThat(squatter.connections()).as("connections to the squatter on port %d", old).isZero();
    assertThat(squatter.received()).as("what the squatter received").isEmpty();
  }

  private String handoverEnv(Tenant tenant) throws Exception {
    Path dir = home.resolve("handover");
    List<Path> written = tenant.handover().writeTo(dir);
    assertThat(written).contains(dir.resolve(NAME + ".env"), dir.resolve(NAME + ".json"));
    assertThat(ports(JSON.readTree(dir.resolve(NAME + ".json").toFile()))).as("the handover's JSON")
        .containsExactly(tcpPort(tenant));
    return Files.readString(dir.resolve(NAME + ".env"));
  }

  private static Endpoint tcpOf(Tenant tenant) {
    return tenant.connection().endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst().orElseThrow();
  }

  private static int tcpPort(Tenant tenant) {
    return tcpOf(tenant).port();
  }

  /** The TCP ports of the endpoints a state or handover JSON names. */
  private static List<Integer> ports(JsonNode root) {
    List<Integer> ports = new ArrayList<>();
    root.get("endpoints").forEach(e -> {
      if (e.hasNonNull("port") && e.get("port").asInt() != 0) {
        ports.add(e.get("port").asInt());
      }
    });
    return ports;
  }

  private List<Integer> statePorts() throws Exception {
    return ports(JSON.readTree(stateFile().toFile()));
  }

  private Path stateFile() {
    return home.resolve("tenants/" + NAME + ".json");
  }

  private Path backendRecord() {
    return home.resolve("instances/tenants/" + NAME + "/instance.properties");
  }

  private Properties backendProperties() throws Exception {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(backendRecord())) {
      p.load(in);
    }
    return p;
  }

  private int backendPort() throws Exception {
    return Integer.parseInt(backendProperties().getProperty("port"));
  }

  private long instancePid() throws Exception {
    return Long.parseLong(backendProperties().getProperty("pid"));
  }

  private static void awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d exited", pid).isFalse();
  }
}
