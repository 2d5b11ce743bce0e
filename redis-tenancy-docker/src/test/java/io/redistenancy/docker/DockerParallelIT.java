package io.redistenancy.docker;

import static io.redistenancy.docker.DockerTestSupport.awaitPing;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Persistence;
import io.redistenancy.docker.DockerTestSupport.TestContext;
import io.redistenancy.docker.DockerTestSupport.TestTenant;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.InstanceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten tenants at once, and how long provision → authenticated PING takes next to {@code docker run}
 * through the CLI with the same image and flags → PING. Figures are printed, not asserted.
 */
class DockerParallelIT {
  private static final int TENANTS = 10;
  private static final Duration READY = Duration.ofSeconds(30);

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();
  private ClientResources resources;

  @TempDir
  Path temp;

  @BeforeEach
  void engineClients() {
    resources = engine.resources();
  }

  private Backend backend(TestContext context, DockerBackends.Docker settings) {
    engine.cleanUpOwner(context.ownerId);
    return engine.closeAfterTest(settings.create(context));
  }

  @Test
  void tenTenantsProvisionedInParallelOverTcpGetOwnPortsAndData() throws Exception {
    TestContext context = new TestContext(temp, DockerTestSupport.randomOwner());
    Backend backend = backend(context, DockerTestSupport.settings(21000));
    List<TestTenant> tenants = new ArrayList<>();
    for (int i = 0; i < TENANTS; i++) {
      tenants.add(DockerTestSupport.tenant("par-" + i, 32, Persistence.NONE));
    }
    Timings timings = parallel(tenants, t -> {
      Instance instance = backend.provision(t.spec());
      Endpoint tcp = instance.endpoints().get(1);
      RedisCommands<String, String> redis = awaitPing(resources, tcp, t.user(), t.password(), READY).sync();
      redis.set("me", t.user());
      return tcp;
    });

    Set<Integer> ports = timings.results.stream().map(e -> ((Endpoint) e).port()).collect(Collectors.toSet());
    assertThat(ports).hasSize(TENANTS).allMatch(p -> p >= 21000 && p < 21100);
    for (int i = 0; i < TENANTS; i++) {
      TestTenant t = tenants.get(i);
      Endpoint tcp = (Endpoint) timings.results.get(i);
      assertThat(awaitPing(resources, tcp, t.user(), t.password(), READY).sync().get("me")).isEqualTo(t.user());
    }
    assertThat(backend.discover()).hasSize(TENANTS).allMatch(d -> d.state() == InstanceState.RUNNING);
    report("backend, socket + TCP, 10 in parallel", timings);

    parallel(tenants, t -> backend.remove(t.id(), Deletion.PURGE));
    assertThat(backend.discover()).isEmpty();
  }

  @Test
  void provisionToPingNextToDockerRunThroughTheCli() throws Exception {
    assertThat(cliAvailable()).as("the docker CLI").isTrue();
    TestContext context = new TestContext(temp, DockerTestSupport.randomOwner());
    Backend backend = backend(context, DockerBackends.docker().image(DockerTestSupport.image()));

    // warm up both paths once (image layers, page cache, JIT)
    TestTenant warm = DockerTestSupport.tenant("warm", 32, Persistence.NONE);
    awaitPing(resources, backend.provision(warm.spec()).endpoints().get(0), warm.user(), warm.password(), READY);
    backend.remove(warm.id(), Deletion.PURGE);
    cliRun(DockerTestSupport.tenant("cli-warm", 32, Persistence.NONE), context.ownerId);

    List<TestTenant> seq = tenants("seq", TENANTS);
    Timings backendSeq = sequential(seq, t -> awaitPing(resources, backend.provision(t.spec()).endpoints().get(0),
        t.user(), t.password(), READY));
    List<TestTenant> cliSeq = tenants("cseq", TENANTS);
    Timings cliSequential = sequential(cliSeq, t -> cliRun(t, context.ownerId));
    List<TestTenant> par = tenants("par", TENANTS);
    Timings backendPar = parallel(par, t -> awaitPing(resources, backend.provision(t.spec()).endpoints().get(0),
        t.user(), t.password(), READY));
    List<TestTenant> cliParTenants = tenants("cpar", TENANTS);
    Timings cliPar = parallel(cliParTenants, t -> cliRun(t, context.ownerId));

    report("backend (docker-java), socket, one at a time", backendSeq);
    report("docker run (CLI), same flags, one at a time", cliSequential);
    report("backend (docker-java), socket, 10 in parallel", backendPar);
    report("docker run (CLI), same flags, 10 in parallel", cliPar);

    for (TestTenant t : seq) {
      backend.remove(t.id(), Deletion.PURGE);
    }
    parallel(par, t -> backend.remove(t.id(), Deletion.PURGE));
    assertThat(backend.discover()).isEmpty();
  }

  private static List<TestTenant> tenants(String prefix, int n) {
    List<TestTenant> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(DockerTestSupport.tenant(prefix + "-" + i, 32, Persistence.NONE));
    }
    return list;
  }

  /**
   * {@code docker run} with the backend's flags and a config rendered the same way, then an
   * authenticated PING on its socket.
   */
  private Object cliRun(TestTenant t, String owner) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(temp.resolve("cli").resolve(t.user()));
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Path run = Files.createDirectories(dir.resolve("run"));
    InstanceLayout layout = InstanceLayout.builder().dataDirectory(Path.of("/data"))
        .aclFile(Path.of("/etc/redis-tenancy/users.acl")).unixSocket(Path.of("/run/redis-tenancy/redis.sock"), 0600)
        .build();
    Files.writeString(conf.resolve("redis.conf"), ConfigRenderer.redisConf(t.spec(), layout), StandardCharsets.UTF_8);
    Files.writeString(conf.resolve("users.acl"), ConfigRenderer.aclFile(t.spec().users()), StandardCharsets.UTF_8);
    for (Path p : List.of(conf, conf.resolve("redis.conf"), conf.resolve("users.acl"))) {
      Files.setAttribute(p, "unix:gid", 999);
    }
    for (Path p : List.of(data, run)) {
      Files.setAttribute(p, "unix:uid", 999);
      Files.setAttribute(p, "unix:gid", 999);
    }
    String name = "redis-tenancy-cli-" + owner + "-" + t.user();
    engine.removeAfterTest(name);
    String memory = Long.toString((32L + 64) << 20);
    Process p = new ProcessBuilder("docker", "run", "-d", "--name", name, "--read-only", "--user", "999:999",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "64", "--memory", memory,
        "--memory-swap", memory, "--tmpfs", "/tmp:rw,noexec,nosuid,nodev,size=16m", "--ipc", "private",
        "--restart", "unless-stopped", "--network", "none", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
        "-v", conf + ":/etc/redis-tenancy:ro", "-v", data + ":/data", "-v", run + ":/run/redis-tenancy",
        "--entrypoint", "redis-server", DockerTestSupport.image(), "/etc/redis-tenancy/redis.conf")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("docker run: " + out).isZero();
    return awaitPing(resources, Endpoint.unixSocket(run.resolve("redis.sock")), t.user(), t.password(), READY);
  }

  private static boolean cliAvailable() {
    try {
      return new ProcessBuilder("docker", "version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Millisecond timings of one run, and what each task returned. */
  private record Timings(List<Double> millis, double wallMillis, List<Object> results) {}

  @FunctionalInterface
  private interface Task {
    Object run(TestTenant t) throws Exception;
  }

  private static Timings parallel(List<TestTenant> tenants, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tenants.size());
    try {
      long start = System.nanoTime();
      List<Future<Object[]>> futures = new ArrayList<>();
      for (TestTenant t : tenants) {
        futures.add(pool.submit((Callable<Object[]>) () -> {
          long t0 = System.nanoTime();
          Object result = task.run(t);
          return new Object[] {(System.nanoTime() - t0) / 1e6, result};
        }));
      }
      List<Double> millis = new ArrayList<>();
      List<Object> results = new ArrayList<>();
      for (Future<Object[]> f : futures) {
        Object[] r = f.get(2, TimeUnit.MINUTES);
        millis.add((Double) r[0]);
        results.add(r[1]);
      }
      return new Timings(millis, (System.nanoTime() - start) / 1e6, results);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Timings sequential(List<TestTenant> tenants, Task task) throws Exception {
    long start = System.nanoTime();
    List<Double> millis = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    for (TestTenant t : tenants) {
      long t0 = System.nanoTime();
      results.add(task.run(t));
      millis.add((System.nanoTime() - t0) / 1e6);
    }
    return new Timings(millis, (System.nanoTime() - start) / 1e6, results);
  }

  private static void report(String what, Timings t) {
    List<Double> sorted = new ArrayList<>(t.millis);
    Collections.sort(sorted);
    System.out.printf("MEASURED %-48s n=%d  p50 %6.0f ms  max %6.0f ms  wall %6.0f ms%n", what, sorted.size(),
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), t.wallMillis);
  }

}
