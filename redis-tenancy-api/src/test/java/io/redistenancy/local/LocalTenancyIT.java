package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Lifecycle;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only the local backend does, through the public API: processes, lifecycles, crash recovery. */
class LocalTenancyIT {
  private Path home;
  private final RecordingListener listener = new RecordingListener();
  private final List<RedisTenancy> opened = new ArrayList<>();

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-");
  }

  @AfterEach
  void cleanUp() {
    for (RedisTenancy t : opened) {
      t.close();
    }
    try (RedisTenancy last = open(Backends.local())) {
      last.tenants().forEach(t -> t.delete(Deletion.PURGE));
    }
    TestFiles.deleteQuietly(home);
  }

  private RedisTenancy open(Backends.Local backend) {
    return RedisTenancy.builder().home(home).backend(backend).listener(listener).build();
  }

  private RedisTenancy track(RedisTenancy tenancy) {
    opened.add(tenancy);
    return tenancy;
  }

  static long pid(Tenant tenant) {
    try (var conn = tenant.connect()) {
      String info = conn.sync().info("server");
      return info.lines().filter(l -> l.startsWith("process_id:")).map(l -> Long.parseLong(l.substring(11).trim()))
          .findFirst().orElseThrow();
    }
  }

  @Test
  void detachedInstancesOutliveTheTenancyAndAreAdopted() {
    RedisTenancy first = open(Backends.local().lifecycle(Lifecycle.DETACHED));
    Tenant acme = first.create("acme").apply();
    acme.connect().sync().set("k", "v");
    long pid = pid(acme);
    first.close();
    assertThat(ProcessHandle.of(pid)).as("detached instance outlives its tenancy").hasValueSatisfying(p ->
        assertThat(p.isAlive()).isTrue());

    RedisTenancy second = track(open(Backends.local().lifecycle(Lifecycle.DETACHED)));
    Tenant adopted = second.tenant("acme").orElseThrow();
    assertThat(adopted.status().state()).isEqualTo(TenantState.RUNNING);
    assertThat(pid(adopted)).as("adopted, not restarted").isEqualTo(pid);
    try (var conn = adopted.connect()) {
      assertThat(conn.sync().get("k")).isEqualTo("v");
    }
  }

  @ParameterizedTest
  @EnumSource(Persistence.class)
  void killedInstanceIsRestartedAndKeepsDataAsItsPersistencePromises(Persistence persistence) throws Exception {
    RedisTenancy tenancy = track(open(Backends.local()));
    Tenant acme = tenancy.create("acme").persistence(persistence).apply();
    try (var conn = acme.connect()) {
      conn.sync().set("k", "v");
      if (persistence == Persistence.RDB) {
        // an RDB tenant keeps what its last snapshot holds: take one, as a save point would
        conn.sync().set("unsaved-later", "x");
      }
    }
    if (persistence == Persistence.AOF_EVERYSEC || persistence == Persistence.RDB_AND_AOF) {
      Thread.sleep(1500); // everysec: at most one second of writes may be lost
    }
    long pid = pid(acme);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    assertThat(listener.await(e -> e.type() == TenancyEvent.Type.RESTARTED && e.tenant().equals("acme"),
        Duration.ofSeconds(15))).as("restarted after kill -9").isTrue();
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.CRASHED);
    awaitRunning(acme);
    assertThat(pid(acme)).isNotEqualTo(pid);
    try (var conn = acme.connect()) {
      String value = conn.sync().get("k");
      if (persistence.usesAof()) {
        assertThat(value).as("AOF keeps acknowledged writes").isEqualTo("v");
      } else {
        assertThat(value).as("no snapshot was taken before the kill: nothing to restore").isNull();
      }
    }
  }

  private static void awaitRunning(Tenant tenant) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try {
        if (tenant.status().state() == TenantState.RUNNING) {
          return;
        }
      } catch (RuntimeException notYet) {
        // restarting
      }
      Thread.sleep(50);
    }
    throw new AssertionError(tenant + " did not run again: " + tenant.status());
  }

  @Test
  void tcpEndpointWhenAPortRangeIsGiven() {
    RedisTenancy tenancy = track(open(Backends.local().tcpPorts(42000, 42100)));
    Tenant acme = tenancy.create("acme").apply();
    List<Endpoint> endpoints = acme.connection().endpoints();
    assertThat(endpoints).hasSize(2);
    assertThat(endpoints.get(0).isUnixSocket()).isTrue();
    Endpoint tcp = endpoints.get(1);
    assertThat(tcp.host()).contains("127.0.0.1");
    assertThat(tcp.port()).isBetween(42000, 42100);
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create();
    try (var conn = client.connect(acme.connection().redisUri(tcp))) {
      conn.sync().set("over", "tcp");
    } finally {
      client.shutdown();
    }
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("over")).isEqualTo("tcp");
    }
  }

  @Test
  void attachedInstancesDieWithAKilledJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AttachedChild.class.getName(), home.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<Long> pids = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        pids.add(Long.parseLong(line.trim()));
      }
    }
    assertThat(pids).hasSize(2);
    assertThat(pids).allSatisfy(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive)).contains(true));

    child.toHandle().destroyForcibly(); // kill -9: no shutdown hook runs
    child.waitFor(10, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && pids.stream().anyMatch(p -> ProcessHandle.of(p).isPresent())) {
      Thread.sleep(50);
    }
    assertThat(pids).as("no redis-server outlives the JVM that started it")
        .allSatisfy(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse());
  }

  /**
   * redis-server overwrites its own environ with its process title, so a wrapper binary (as a user may
   * configure) shows what the instance was given: a child JVM with a secret in its environment starts
   * its tenants through one that writes its environment down before it execs redis-server.
   */
  @Test
  void instancesGetAMinimalEnvironmentNotTheJvms() throws Exception {
    Path scratch = Files.createTempDirectory(Path.of("/tmp"), "rt-env-");
    try {
      Path seen = scratch.resolve("seen.env");
      Path wrapper = scratch.resolve("redis-server");
      Files.writeString(wrapper, String.join("\n", "#!/bin/sh",
          "[ \"$1\" = --version ] || env >> " + seen,
          "exec " + RedisBinary.locate(Optional.empty()).path() + " \"$@\"", ""));
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          AttachedChild.class.getName(), home.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().put("AWS_SECRET_ACCESS_KEY", "not-for-redis-0123456789");
      builder.environment().put("REDIS_TENANCY_REDIS_SERVER", wrapper.toString());
      Process child = builder.start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).as("the child's first tenant's pid").isNotNull().isNotEqualTo("READY");
        String environment = Files.readString(seen);
        assertThat(environment).doesNotContain("AWS_SECRET_ACCESS_KEY", "not-for-redis", "REDIS_TENANCY_REDIS_SERVER")
            .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
        // the ATTACHED lifecycle's watchdog shell: the kernel keeps the environment it was started with
        String watchdog = Files.readString(Path.of("/proc", Long.toString(watchdogOf(child)), "environ"))
            .replace('\0', '\n');
        assertThat(watchdog).as("the watchdog's environment")
            .doesNotContain("AWS_SECRET_ACCESS_KEY", "not-for-redis", "REDIS_TENANCY_REDIS_SERVER")
            .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
      } finally {
        child.toHandle().destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      TestFiles.deleteQuietly(scratch);
    }
  }

  /** The pid of the watchdog shell a child JVM's local backend started (its argument 0 names it). */
  private static long watchdogOf(Process child) throws Exception {
    for (ProcessHandle p : child.toHandle().children().toList()) {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      if (cmdline.contains("\0redis-tenancy-watchdog\0")) {
        return p.pid();
      }
    }
    throw new AssertionError("the child JVM " + child.pid() + " runs no watchdog");
  }

  /** Runs in a child JVM: creates two ATTACHED tenants, prints their pids, then waits to be killed. */
  public static final class AttachedChild {
    public static void main(String[] args) throws Exception {
      RedisTenancy tenancy = RedisTenancy.builder().home(Path.of(args[0])).build();
      for (String name : List.of("child-a", "child-b")) {
        System.out.println(pid(tenancy.create(name).apply()));
      }
      System.out.println("READY");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
