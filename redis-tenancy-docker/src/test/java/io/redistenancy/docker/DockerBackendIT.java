package io.redistenancy.docker;

import static io.redistenancy.docker.DockerTestSupport.awaitPing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Persistence;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.docker.DockerTestSupport.TestContext;
import io.redistenancy.docker.DockerTestSupport.TestTenant;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Docker backend through the SPI, on a real engine, verified with Lettuce as the tenant user. */
class DockerBackendIT {
  private static final String OWNER_LABEL = DockerEngine.OWNER_LABEL;
  private static final Duration READY = Duration.ofSeconds(15);

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();
  private DockerClient docker;
  private ClientResources resources;

  @TempDir
  Path temp;

  @BeforeEach
  void engineClients() {
    docker = engine.client();
    resources = engine.resources();
  }

  private TestContext context() throws IOException {
    return engine.context(temp);
  }

  private Backend backend(TestContext context, DockerBackends.Docker settings) {
    return engine.closeAfterTest(settings.create(context));
  }

  private Backend backend() throws IOException {
    return backend(context(), DockerTestSupport.settings(20000));
  }

  private InspectContainerResponse inspect(Backend backend, TestContext context, TenantId id) {
    List<Container> found = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(OWNER_LABEL, context.ownerId, "io.redistenancy.tenant", id.value())).exec();
    assertThat(found).hasSize(1);
    return docker.inspectContainerCmd(found.get(0).getId()).exec();
  }

  @Test
  void provisionServesTheTenantOverSocketAndTcp() throws IOException {
    Backend backend = backend();
    TestTenant acme = DockerTestSupport.tenant("acme", 32, Persistence.RDB);

    Instance instance = backend.provision(acme.spec());

    assertThat(instance.endpoints()).hasSize(2);
    Endpoint socket = instance.endpoints().get(0);
    Endpoint tcp = instance.endpoints().get(1);
    assertThat(socket.isUnixSocket()).isTrue();
    assertThat(tcp.host()).contains("127.0.0.1");
    assertThat(tcp.port()).isBetween(20000, 20099);
    RedisCommands<String, String> overSocket = awaitPing(resources, socket, acme.user(), acme.password(), READY).sync();
    overSocket.set("greeting", "hello");
    RedisCommands<String, String> overTcp = awaitPing(resources, tcp, acme.user(), acme.password(), READY).sync();
    assertThat(overTcp.get("greeting")).isEqualTo("hello");
    // the tenant user cannot administer its instance
    assertThatThrownBy(() -> overTcp.configSet("maxmemory", "0")).isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("NOPERM");
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.RUNNING);
    assertThat(backend.logTail(acme.id())).contains("Ready to accept connections");
    assertThat(backend.logTail(TenantId.of("nobody"))).isEmpty();
    assertThat(backend.provision(acme.spec()).endpoints()).as("provision is idempotent").isEqualTo(instance.endpoints());

    backend.remove(acme.id(), Deletion.PURGE);
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.MISSING);
  }

  @Test
  void containerIsHardened() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant t = DockerTestSupport.tenant("hard", 48, Persistence.RDB);
    backend.provision(t.spec());

    InspectContainerResponse c = inspect(backend, context, t.id());
    var host = c.getHostConfig();
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
    assertThat(host.getCapAdd()).isNullOrEmpty();
    assertThat(host.getSecurityOpts()).contains("no-new-privileges");
    assertThat(host.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(host.getPidsLimit()).isEqualTo(64L);
    assertThat(host.getNanoCPUs()).as("one CPU by default").isEqualTo(1_000_000_000L);
    // a TCP tenant has a network of its own, not the default bridge every container shares
    String network = "redis-tenancy-" + context.ownerId + "-hard";
    assertThat(host.getNetworkMode()).isEqualTo(network);
    assertThat(c.getNetworkSettings().getNetworks()).containsOnlyKeys(network);
    assertThat(docker.inspectNetworkCmd().withNetworkId(network).exec().getOptions())
        .containsEntry("com.docker.network.bridge.enable_icc", "false");
    long maxmemory = 48L << 20;
    assertThat(host.getMemory()).isEqualTo(host.getMemorySwap()).isGreaterThanOrEqualTo(maxmemory)
        .isEqualTo(maxmemory + (64L << 20));
    assertThat(host.getRestartPolicy().getName()).isEqualTo("unless-stopped");
    assertThat(host.getTmpFs()).containsKey("/tmp");
    assertThat(c.getConfig().getUser()).isEqualTo("999:999");
    assertThat(c.getConfig().getEnv() == null ? List.<String>of() : List.of(c.getConfig().getEnv()))
        .as("no secret in the environment").noneMatch(e -> e.contains(t.password()) || e.contains(t.spec().users().get(1).passwordHashes().get(0)));
    assertThat(c.getConfig().getEntrypoint()).containsExactly("redis-server");
    assertThat(c.getConfig().getCmd()).containsExactly("/etc/redis-tenancy/redis.conf");
    assertThat(c.getMounts()).anySatisfy(m -> {
      assertThat(m.getDestination().getPath()).isEqualTo("/etc/redis-tenancy");
      assertThat(m.getRW()).isFalse();
    });
    assertThat(c.getConfig().getLabels()).containsEntry(OWNER_LABEL, context.ownerId)
        .containsEntry("io.redistenancy.tenant", "hard").containsEntry("io.redistenancy.spec-hash", t.spec().hash());
    assertThat(c.getName()).isEqualTo("/redis-tenancy-" + context.ownerId + "-hard");
    // the data directory belongs to the container user only
    Path data = context.workDirectory().resolve("tenants/hard/data");
    assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(999);
    assertThat(Files.getAttribute(data, "unix:mode")).isEqualTo(040700);
    backend.remove(t.id(), Deletion.PURGE);
  }

  @Test
  void killedRedisIsRestartedByTheEngineWithItsData() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant t = DockerTestSupport.tenant("crashy", 32, Persistence.AOF_ALWAYS);
    Endpoint socket = backend.provision(t.spec()).endpoints().get(0);
    StatefulRedisConnection<String, String> conn = awaitPing(resources, socket, t.user(), t.password(), READY);
    conn.sync().set("survives", "yes");
    InspectContainerResponse before = inspect(backend, context, t.id());
    long pid = before.getState().getPidLong();
    assertThat(pid).isPositive();

    // `docker kill` counts as a manual stop (the engine does not restart it): kill the process itself
    assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

    long deadline = System.nanoTime() + READY.toNanos();
    InspectContainerResponse after = before;
    while (System.nanoTime() < deadline) {
      after = inspect(backend, context, t.id());
      if (after.getRestartCount() >= 1 && Boolean.TRUE.equals(after.getState().getRunning())) {
        break;
      }
      DockerTestSupport.sleep(50);
    }
    assertThat(after.getRestartCount()).isEqualTo(1);
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(awaitPing(resources, socket, t.user(), t.password(), READY).sync().get("survives")).isEqualTo("yes");
    assertThat(backend.state(t.id())).isEqualTo(InstanceState.RUNNING);
    long eventsDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (context.events.events.size() < 2 && System.nanoTime() < eventsDeadline) {
      DockerTestSupport.sleep(20);
    }
    assertThat(context.events.events).containsExactly(
        "crashed crashy: container exited with code 137 (killed: SIGKILL or out of memory)",
        "restarted crashy: the Docker engine restarted its container (restart policy unless-stopped)");
    backend.remove(t.id(), Deletion.PURGE);
    assertThat(context.events.events).hasSize(2);
  }

  @Test
  void stopAndStartKeepTheData() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant t = DockerTestSupport.tenant("sleepy", 32, Persistence.RDB);
    Endpoint tcp = backend.provision(t.spec()).endpoints().get(1);
    awaitPing(resources, tcp, t.user(), t.password(), READY).sync().set("k", "v");
    String containerId = inspect(backend, context, t.id()).getId();

    backend.stop(t.id());
    assertThat(backend.state(t.id())).isEqualTo(InstanceState.STOPPED);
    backend.stop(t.id()); // stopping a stopped instance does nothing
    assertThat(backend.discover()).containsExactly(new DiscoveredInstance(t.id(), InstanceState.STOPPED, t.spec().hash()));

    Instance again = backend.start(t.id());
    assertThat(again.endpoints()).contains(tcp);
    assertThat(awaitPing(resources, tcp, t.user(), t.password(), READY).sync().get("k")).isEqualTo("v");
    assertThat(inspect(backend, context, t.id()).getId()).isEqualTo(containerId);
    assertThat(context.events.events).isEmpty();
    backend.remove(t.id(), Deletion.PURGE);
  }

  @Test
  void reconfigureRaisesTheMemoryLimitLive() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant small = DockerTestSupport.tenant("grows", 32, Persistence.RDB);
    Endpoint socket = backend.provision(small.spec()).endpoints().get(0);
    awaitPing(resources, socket, small.user(), small.password(), READY).sync().set("k", "v");
    InspectContainerResponse before = inspect(backend, context, small.id());

    var bigger = new io.redistenancy.spi.InstanceSpec(small.id(),
        small.spec().plan().toBuilder().maxMemory(io.redistenancy.MemorySize.ofMegabytes(256)).build(),
        small.spec().users());
    backend.reconfigure(bigger);

    InspectContainerResponse after = inspect(backend, context, small.id());
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(after.getState().getRunning()).isTrue();
    assertThat(after.getHostConfig().getMemory()).isEqualTo(384L << 20).isEqualTo(after.getHostConfig().getMemorySwap());
    assertThat(Files.readString(context.workDirectory().resolve("tenants/grows/conf/redis.conf")))
        .contains("maxmemory " + (256L << 20));
    assertThat(backend.discover()).extracting(DiscoveredInstance::specHash).containsExactly(bigger.hash());
    assertThat(awaitPing(resources, socket, small.user(), small.password(), READY).sync().get("k")).isEqualTo("v");
    backend.remove(small.id(), Deletion.PURGE);
  }

  @Test
  void foreignContainerWithASimilarNameIsNeverTouched() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    String name = "redis-tenancy-" + context.ownerId + "-shadow";
    String foreignId = docker.createContainerCmd(DockerTestSupport.image()).withName(name)
        .withEntrypoint("redis-server").withCmd("--port", "0").exec().getId();
    engine.removeAfterTest(foreignId);

    assertThat(backend.discover()).isEmpty();
    assertThat(backend.state(TenantId.of("shadow"))).isEqualTo(InstanceState.MISSING);
    assertThat(backend.remove(TenantId.of("shadow"), Deletion.PURGE)).isEmpty();
    TestTenant shadow = DockerTestSupport.tenant("shadow", 32, Persistence.NONE);
    assertThatThrownBy(() -> backend.provision(shadow.spec()))
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageContaining("a container named " + name + " already exists but is not labelled "
            + OWNER_LABEL + "=" + context.ownerId + " (it belongs to someone else, and was left alone)");

    assertThat(docker.inspectContainerCmd(foreignId).exec().getName()).isEqualTo("/" + name);
    assertThat(context.workDirectory().resolve("tenants/shadow")).as("rolled back").doesNotExist();
  }

  @Test
  void twoOwnersStayApart() throws IOException {
    TestContext a = context();
    TestContext b = context();
    Backend backendA = backend(a, DockerTestSupport.settings(20000));
    Backend backendB = backend(b, DockerTestSupport.settings(20000));
    TestTenant inA = DockerTestSupport.tenant("same", 32, Persistence.NONE);
    TestTenant inB = DockerTestSupport.tenant("same", 32, Persistence.NONE);
    Instance ia = backendA.provision(inA.spec());
    Instance ib = backendB.provision(inB.spec());
    assertThat(ia.endpoints().get(1)).isNotEqualTo(ib.endpoints().get(1));
    awaitPing(resources, ia.endpoints().get(0), inA.user(), inA.password(), READY).sync().set("who", "a");
    RedisCommands<String, String> redisB = awaitPing(resources, ib.endpoints().get(0), inB.user(), inB.password(), READY).sync();
    assertThat(redisB.get("who")).isNull();
    // A's password does not open B's instance
    assertThatThrownBy(() -> awaitPing(resources, ib.endpoints().get(1), inA.user(), inA.password(), Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class);

    backendA.remove(inA.id(), Deletion.PURGE);
    assertThat(backendA.discover()).isEmpty();
    assertThat(backendB.discover()).extracting(DiscoveredInstance::id).containsExactly(inB.id());
    assertThat(redisB.ping()).isEqualTo("PONG");
    backendB.remove(inB.id(), Deletion.PURGE);
  }

  @Test
  void removeLeavesNothingBehind() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant gone = DockerTestSupport.tenant("gone", 32, Persistence.RDB);
    TestTenant kept = DockerTestSupport.tenant("kept", 32, Persistence.RDB);
    Instance g = backend.provision(gone.spec());
    Instance k = backend.provision(kept.spec());
    awaitPing(resources, g.endpoints().get(1), gone.user(), gone.password(), READY).sync().set("k", "v");
    awaitPing(resources, k.endpoints().get(1), kept.user(), kept.password(), READY).sync().set("k", "v");
    assertThat(docker.listNetworksCmd().withFilter("label", List.of(OWNER_LABEL + "=" + context.ownerId)).exec())
        .hasSize(2);
    assertThat(inspect(backend, context, gone.id()).getHostConfig().getNetworkMode())
        .isEqualTo("redis-tenancy-" + context.ownerId + "-gone");

    assertThat(backend.remove(gone.id(), Deletion.PURGE)).isEmpty();
    String keptAt = backend.remove(kept.id(), Deletion.KEEP_DATA);

    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(OWNER_LABEL, context.ownerId)).exec())
        .isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", List.of(OWNER_LABEL + "=" + context.ownerId)).exec())
        .isEmpty();
    assertThat(docker.listVolumesCmd().exec().getVolumes()).noneMatch(v -> v.getName().contains(context.ownerId));
    assertThat(context.workDirectory().resolve("tenants/gone")).doesNotExist();
    assertThat(context.workDirectory().resolve("tenants/kept")).doesNotExist();
    // one layout for every backend: retained/NAME-yyyyMMddTHHmmssZ under the work directory
    assertThat(Path.of(keptAt).getParent()).isEqualTo(context.workDirectory().toAbsolutePath().resolve("retained"));
    assertThat(Path.of(keptAt).getFileName().toString()).matches("kept-\\d{8}T\\d{6}Z");
    assertThat(Path.of(keptAt)).isDirectory();
    assertThat(Path.of(keptAt, "dump.rdb")).as("a clean stop saved the data").isRegularFile();
    assertThat(backend.discover()).isEmpty();
    assertThat(backend.remove(gone.id(), Deletion.PURGE)).as("removing twice does nothing").isEmpty();
  }

  @Test
  void aContainerLeftWithoutItsFilesIsReplacedOnTheNextProvision() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000));
    TestTenant acme = DockerTestSupport.tenant("acme", 32, Persistence.NONE);
    backend.provision(acme.spec());
    String stale = inspect(backend, context, acme.id()).getId();
    // what a crash between removing the files and the container leaves (a fresh create asks the engine nothing)
    Path files = context.workDirectory().resolve("tenants/acme");
    try (var tree = Files.walk(files)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertThat(files).doesNotExist();

    Instance again = backend.provision(acme.spec());

    assertThat(inspect(backend, context, acme.id()).getId()).isNotEqualTo(stale);
    awaitPing(resources, again.endpoints().get(0), acme.user(), acme.password(), READY);
    backend.remove(acme.id(), Deletion.PURGE);
  }

  @Test
  void aMissingImageFailsWithAMessage() throws IOException {
    TestContext context = context();
    Backend backend = backend(context, DockerTestSupport.settings(20000).image("redis-tenancy-test/absent:0.0"));
    TestTenant t = DockerTestSupport.tenant("noimage", 32, Persistence.NONE);
    assertThatThrownBy(() -> backend.provision(t.spec()))
        .isInstanceOf(ProvisioningFailedException.class)
        .hasMessageStartingWith("image redis-tenancy-test/absent:0.0 is not on the Docker engine at ")
        .hasMessageContaining("could not be pulled");
    assertThat(backend.state(t.id())).isEqualTo(InstanceState.MISSING);
  }
}
