package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.EventPayload;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The systemd backend through the SPI alone, against a real systemd (PID 1 in the lab container),
 * with real Lettuce connections as the tenant user over the bind-mounted sockets.
 */
class SystemdBackendIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestContext context;
  private SystemdBackend backend;
  private RedisClient client;
  private final List<TenantId> made = new ArrayList<>();

  @BeforeEach
  void open() {
    SystemdLab.require();
    context = new TestContext(Path.of("/tmp"));
    backend = (SystemdBackend) SystemdLab.settings().create(context);
    client = RedisClient.create();
    client.setOptions(ClientOptions.builder().socketOptions(SocketOptions.builder().keepAlive(false).build()).build());
  }

  @AfterEach
  void close() {
    try {
      if (backend != null) {
        for (TenantId id : made) {
          backend.remove(id, Deletion.PURGE);
        }
        backend.close();
      }
    } finally {
      if (client != null) {
        client.shutdown();
      }
    }
  }

  // ---------------------------------------------------------------- basics and files

  @Test
  void provisionedTenantAnswersItsOwnUserOverTheSocket() {
    TestTenant acme = tenant("acme", Plan.builder("small").maxMemory(MemorySize.ofMegabytes(16)).build());
    Instance instance = backend.provision(acme.spec());

    assertThat(instance.endpoints()).containsExactly(Endpoint.unixSocket(backend.names().clientSocket(acme.id())));
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      conn.sync().set("greeting", "hello");
      assertThat(conn.sync().get("greeting")).isEqualTo("hello");
    }
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.RUNNING);
    assertThat(backend.capabilities()).isNotEmpty();
  }

  @Test
  void templateAndDropInPassSystemdAnalyze() {
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    backend.provision(acme.spec());
    String instanceUnit = backend.names().unitDirectory().resolve(backend.names().unit(acme.id())).toString();

    SystemdLab.assertVerified(backend.names().templateFile().toString(), instanceUnit);
    // the documented threshold: exposure at most 1.0 ("SAFE"); the units score 0.5
    assertThat(SystemdLab.exposure(instanceUnit)).isLessThanOrEqualTo(1.0);
  }

  @Test
  void configIsRootOwnedAndNotWritableByTheTenant() {
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    backend.provision(acme.spec());
    InstanceNames names = backend.names();
    String user = names.user(acme.id());

    for (Path file : List.of(names.configFile(acme.id()), names.aclFile(acme.id()))) {
      assertThat(SystemdLab.exec("stat", "-c", "%U:%G %a", file.toString()).stdout().strip())
          .isEqualTo("root:" + user + " 640");
      Result append = SystemdLab.exec("runuser", "-u", user, "--", "sh", "-c", "echo x >> " + file);
      assertThat(append.exitCode()).as("appending to " + file + " as " + user).isNotZero();
      assertThat(append.stderr()).contains("Permission denied");
    }
    assertThat(SystemdLab.exec("stat", "-c", "%U:%G %a", names.configRoot().toString()).stdout().strip())
        .isEqualTo("root:root 755");
    Result create = SystemdLab.exec("runuser", "-u", user, "--", "sh", "-c", "echo x > " + names.configRoot() + "/new.conf");
    assertThat(create.exitCode()).isNotZero();
    assertThat(SystemdLab.exec("stat", "-c", "%U %a", names.dataDirectory(acme.id()).toString()).stdout().strip())
        .isEqualTo(user + " 700");
    assertThat(SystemdLab.exec("stat", "-c", "%U:%G %a", names.socket(acme.id()).toString()).stdout().strip())
        .isEqualTo(user + ":" + user + " 660");
  }

  @Test
  void anotherTenantsUserCannotOpenTheSocket() {
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    TestTenant other = tenant("other", Plan.DEFAULT);
    backend.provision(acme.spec());
    backend.provision(other.spec());
    String acmeSocket = backend.names().socket(acme.id()).toString();

    Result intruder = SystemdLab.exec("runuser", "-u", backend.names().user(other.id()), "--",
        "redis-cli", "-s", acmeSocket, "PING");
    assertThat(intruder.stdout() + intruder.stderr()).contains("Permission denied").doesNotContain("PONG");
    Result owner = SystemdLab.exec("runuser", "-u", backend.names().user(acme.id()), "--",
        "redis-cli", "-s", acmeSocket, "PING");
    assertThat(owner.stdout() + owner.stderr()).contains("NOAUTH"); // reaches Redis, which wants a password
  }

  @Test
  void aClientGroupMemberReachesTheSocketAndOtherTenantsStillCannot() {
    SystemdLab.exec("sh", "-c", "groupadd -f -r rtclients; getent passwd rtclient >/dev/null || useradd --system "
        + "--no-create-home --shell /usr/sbin/nologin -G rtclients rtclient");
    TestContext home = new TestContext(Path.of("/tmp"));
    SystemdBackend grouped = (SystemdBackend) SystemdLab.settings().clientGroup("rtclients").create(home);
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    TestTenant other = tenant("other", Plan.DEFAULT);
    made.clear();
    InstanceNames names = grouped.names();
    try {
      Instance instance = grouped.provision(acme.spec());
      grouped.provision(other.spec());
      String socket = names.socket(acme.id()).toString();
      assertThat(SystemdLab.exec("stat", "-c", "%G %a", socket).stdout().strip()).isEqualTo("rtclients 660");
      Result member = SystemdLab.exec("runuser", "-u", "rtclient", "--", "redis-cli", "-s", socket, "PING");
      assertThat(member.stdout() + member.stderr()).contains("NOAUTH"); // reaches Redis, which wants a password
      Result intruder = SystemdLab.exec("runuser", "-u", names.user(other.id()), "--", "redis-cli", "-s", socket, "PING");
      assertThat(intruder.stdout() + intruder.stderr()).contains("Permission denied");
      try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
        assertThat(conn.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      grouped.remove(acme.id(), Deletion.PURGE);
      grouped.remove(other.id(), Deletion.PURGE);
      SystemdLab.exec("sh", "-c", "userdel rtclient; groupdel rtclients; true");
    }
  }

  @Test
  void theClientGroupChangeNeverFollowsALinkTheTenantPlanted() {
    SystemdLab.exec("sh", "-c", "groupadd -f -r rtclients");
    TestContext home = new TestContext(Path.of("/tmp"));
    SystemdBackend grouped = (SystemdBackend) SystemdLab.settings().clientGroup("rtclients").create(home);
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    made.clear();
    InstanceNames names = grouped.names();
    String victim = "/var/lib/rt-victim-" + names.tag();
    try {
      grouped.provision(acme.spec());
      SystemdLab.exec("sh", "-c", "umask 077; echo secret > " + victim);
      // the tenant's user owns its runtime directory: it can swap the socket for a link to a root file
      String socket = names.socket(acme.id()).toString();
      Result plant = SystemdLab.exec("runuser", "-u", names.user(acme.id()), "--", "sh", "-c",
          "rm -f " + socket + " && ln -s " + victim + " " + socket);
      assertThat(plant.exitCode()).as(plant.stderr()).isZero();
      // what systemd runs as root after every start, replayed now that the link is there (a tenant
      // would race it after Redis binds; replaying it makes the outcome certain)
      Result post = SystemdLab.exec("sh", "-c", "sed -n 's/^ExecStartPost=+//p' " + names.dropIn(acme.id())
          + " | sed 's/%i/" + names.instance(acme.id()) + "/g' | sh");
      assertThat(post.exitCode()).as(post.stderr()).isZero();
      assertThat(SystemdLab.exec("stat", "-c", "%U:%G %a", victim).stdout().strip()).isEqualTo("root:root 600");
    } finally {
      grouped.remove(acme.id(), Deletion.PURGE);
      SystemdLab.exec("sh", "-c", "rm -f " + victim + "; groupdel rtclients; true");
    }
  }

  @Test
  void anExistingUserTheLibraryDidNotCreateIsNeverReused() {
    TestTenant squat = tenant("squat", Plan.DEFAULT);
    String user = backend.names().user(squat.id());
    SystemdLab.exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--comment", "operator",
        user);
    try {
      assertThatThrownBy(() -> backend.provision(squat.spec()))
          .isInstanceOf(ProvisioningFailedException.class)
          .hasMessageContaining("the system user " + user + " already exists and was not created by redis-tenancy "
              + "for this tenant")
          .hasMessageContaining("userdel " + user);
      backend.remove(squat.id(), Deletion.PURGE); // as a rollback does: the operator's user stays
      assertThat(SystemdLab.exec("getent", "passwd", user).stdout()).contains(":operator:");
      assertThat(backend.state(squat.id())).isEqualTo(InstanceState.MISSING);
    } finally {
      SystemdLab.exec("sh", "-c", "userdel " + user + "; true");
    }
    // its own user, made by a provision, is taken again by the next one
    Instance instance = backend.provision(squat.spec());
    assertThat(backend.provision(squat.spec()).endpoints()).isEqualTo(instance.endpoints());
    awaitPing(instance, squat);
  }

  @Test
  void inDynamicUserModeAnExistingGroupOrStaticUserIsNeverReused() {
    SystemdBackend dynamic = (SystemdBackend) SystemdLab.settings().dynamicUser(true).create(context);
    TestTenant squat = tenant("squat", Plan.DEFAULT);
    InstanceNames names = dynamic.names();
    String group = names.user(squat.id());
    String staticUser = names.dynamicUser(squat.id());
    assertRefusedAndKept(dynamic, squat, new String[] {"groupadd", "--system", group},
        "the group " + group + " already exists and was not created by redis-tenancy", "group", group, "groupdel");
    assertRefusedAndKept(dynamic, squat, new String[] {"useradd", "--system", "--no-create-home", "--shell",
        "/usr/sbin/nologin", staticUser}, "the system user " + staticUser + " already exists", "passwd", staticUser,
        "userdel");
    awaitPing(dynamic.provision(squat.spec()), squat);
    dynamic.remove(squat.id(), Deletion.PURGE);
    made.clear();
  }

  /**
   * With what {@code make} creates on the machine, a provision is refused with {@code message}, and the
   * removal a rollback does leaves it there ({@code getent DATABASE NAME}); {@code undo NAME} cleans up.
   */
  private static void assertRefusedAndKept(SystemdBackend backend, TestTenant tenant, String[] make, String message,
      String database, String name, String undo) {
    SystemdLab.exec(make);
    try {
      assertThatThrownBy(() -> backend.provision(tenant.spec()))
          .isInstanceOf(ProvisioningFailedException.class)
          .hasMessageContaining(message);
      backend.remove(tenant.id(), Deletion.PURGE);
      assertThat(SystemdLab.exec("getent", database, name).exitCode()).isZero();
    } finally {
      SystemdLab.exec("sh", "-c", undo + " " + name + "; true");
    }
  }

  // ---------------------------------------------------------------- supervision and limits

  @Test
  void killedInstanceIsRestartedBySystemdWithItsAofData() {
    TestTenant acme = tenant("acme", Plan.builder("durable").persistence(Persistence.AOF_ALWAYS).build());
    Instance instance = backend.provision(acme.spec());
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      conn.sync().set("survives", "yes");
    }
    UnitStatus before = backend.status(acme.id());

    assertThat(SystemdLab.exec("kill", "-9", Long.toString(before.mainPid())).ok()).isTrue();

    await("systemd restarts the killed instance", Duration.ofSeconds(20), () -> {
      UnitStatus now = backend.status(acme.id());
      return now.restarts() > before.restarts() && now.activeState().equals("active") && now.mainPid() != before.mainPid();
    });
    UnitStatus after = backend.status(acme.id());
    assertThat(after.restarts()).isEqualTo(before.restarts() + 1);
    assertThat(after.result()).isEqualTo("success"); // of the new run; the kill is in the events
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.RUNNING);
    await("a RESTARTED event", Duration.ofSeconds(30),
        () -> context.events.stream().anyMatch(e -> e.startsWith("restarted acme: systemd restarted it")));
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      assertThat(conn.sync().get("survives")).isEqualTo("yes");
    }
  }

  @Test
  void aKilledInstanceIsReportedCrashedAndRestartedWithNobodyAskingItsState() {
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    backend.provision(acme.spec());
    String pid = showProperty(acme.id(), "MainPID"); // from the lab, not from the backend

    assertThat(SystemdLab.exec("kill", "-9", pid).ok()).isTrue();

    // neither state() nor status() is called: the backend's own watcher reports it
    await("CRASHED and RESTARTED events; events: " + context.events, Duration.ofSeconds(60),
        () -> context.events.stream().anyMatch(e -> e.startsWith("restarted acme: systemd restarted it")));
    assertThat(context.events).filteredOn(e -> e.startsWith("crashed acme: ")).singleElement()
        .satisfies(e -> assertThat(e).contains("status=9/KILL"));
    assertThat(context.events.indexOf(context.events.stream().filter(e -> e.startsWith("crashed acme")).findFirst()
        .orElseThrow())).isLessThan(context.events.indexOf(context.events.stream()
        .filter(e -> e.startsWith("restarted acme")).findFirst().orElseThrow()));

    // typed: the signal that killed it (no exit code), and systemd's restart count on both events
    assertThat(context.payloads).filteredOn(EventPayload.Crashed.class::isInstance).singleElement()
        .isInstanceOfSatisfying(EventPayload.Crashed.class, crash -> {
          assertThat(crash.signal()).as("signal").hasValue(9);
          assertThat(crash.exitCode()).as("exit code").isEmpty();
          assertThat(crash.crashesInRow()).as("crashes in a row").hasValue(1);
          assertThat(crash.description()).contains("status=9/KILL");
        });
    assertThat(context.payloads).filteredOn(EventPayload.Restarted.class::isInstance).singleElement()
        .isInstanceOfSatisfying(EventPayload.Restarted.class, restart ->
            assertThat(restart.restartCount()).as("restart count").hasValue(1));
  }

  @Test
  void memoryMaxIsEnforcedByTheKernelAndSystemdRestartsTheInstance() {
    Plan plan = Plan.builder("tiny").maxMemory(MemorySize.ofMegabytes(8)).persistence(Persistence.NONE).build();
    TestTenant acme = tenant("acme", plan);
    Instance instance = backend.provision(acme.spec());
    long memoryMax = backend.files().limits(plan).memoryMax().toBytes();
    assertThat(memoryMax).isEqualTo(MemorySize.ofMegabytes(8 + 32).toBytes());
    assertThat(showProperty(acme.id(), "MemoryMax")).isEqualTo(Long.toString(memoryMax));
    UnitStatus before = backend.status(acme.id());

    // a real way past the hard limit: the admin lifts maxmemory live, the tenant fills with large values
    try (var admin = connect(instance, AclUser.ADMIN_NAME, acme.adminPassword())) {
      admin.sync().configSet("maxmemory", "0");
    }
    String value = "x".repeat(1024 * 1024);
    long written = 0;
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      for (int i = 0; i < 200; i++) {
        conn.sync().set("fill:" + i, value);
        written += value.length();
      }
    } catch (RuntimeException expected) {
      // the connection dies with the process
    }
    // killed near the hard limit (the kernel charges in batches), far below the 200 MB the client tried
    assertThat(written).as("bytes written before the kill").isLessThan(memoryMax + MemorySize.ofMegabytes(8).toBytes());

    await("systemd restarts the instance the kernel killed", Duration.ofSeconds(20), () -> {
      UnitStatus now = backend.status(acme.id());
      return now.restarts() > before.restarts() && now.activeState().equals("active");
    });
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.RUNNING);
    // reported once, by state() or by the backend's watcher, which may still be reading the journal
    await("a CRASHED event", Duration.ofSeconds(30), () -> context.events.stream().anyMatch(e -> e.startsWith("crashed acme:")));
    String journal = SystemdLab.exec("journalctl", "--unit=" + backend.names().unit(acme.id()), "--no-pager",
        "--output=cat").stdout();
    assertThat(journal).containsAnyOf("status=9/KILL", "oom-kill", "OOM");
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      assertThat(conn.sync().ping()).isEqualTo("PONG"); // restarted empty (no persistence), with the plan's maxmemory
    }
  }

  @Test
  void reconfigureRewritesTheDropInAndChangesMemoryMaxWithoutARestart() {
    Plan small = Plan.builder("small").maxMemory(MemorySize.ofMegabytes(16)).build();
    TestTenant acme = tenant("acme", small);
    backend.provision(acme.spec());
    UnitStatus before = backend.status(acme.id());
    Plan big = small.toBuilder().maxMemory(MemorySize.ofMegabytes(128)).build();
    long newMax = backend.files().limits(big).memoryMax().toBytes();

    backend.reconfigure(new InstanceSpec(acme.id(), big, acme.spec().users()));

    String dropIn = SystemdLab.exec("cat", backend.names().dropIn(acme.id()).toString()).stdout();
    assertThat(dropIn).contains("MemoryMax=" + newMax).contains("plan small");
    assertThat(showProperty(acme.id(), "MemoryMax")).isEqualTo(Long.toString(newMax));
    // the kernel's limit changed too (cgroup v1 memory.limit_in_bytes or v2 memory.max)
    String cgroup = showProperty(acme.id(), "ControlGroup");
    Result v1 = SystemdLab.exec("cat", "/sys/fs/cgroup/memory" + cgroup + "/memory.limit_in_bytes");
    String limit = (v1.ok() ? v1 : SystemdLab.exec("cat", "/sys/fs/cgroup" + cgroup + "/memory.max")).stdout().strip();
    assertThat(limit).as("kernel limit of cgroup " + cgroup).isEqualTo(Long.toString(newMax));
    UnitStatus after = backend.status(acme.id());
    assertThat(after.mainPid()).isEqualTo(before.mainPid());
    assertThat(after.restarts()).isEqualTo(before.restarts());
  }

  // ---------------------------------------------------------------- ownership, removal, fleets

  @Test
  void discoverSeesOnlyThisOwnersInstances() {
    TestTenant acme = tenant("acme", Plan.DEFAULT);
    backend.provision(acme.spec());
    TestContext otherHome = new TestContext(Path.of("/tmp"));
    SystemdBackend other = (SystemdBackend) SystemdLab.settings().create(otherHome);
    TestTenant theirs = tenant("acme", Plan.DEFAULT);
    try {
      other.provision(theirs.spec());
      assertThat(backend.discover()).containsExactly(new DiscoveredInstance(acme.id(), InstanceState.RUNNING,
          acme.spec().hash()));
      assertThat(other.discover()).extracting(DiscoveredInstance::id).containsExactly(theirs.id());
      assertThat(backend.names().unit(acme.id())).isNotEqualTo(other.names().unit(theirs.id()));
      backend.stop(acme.id());
      assertThat(backend.discover()).extracting(DiscoveredInstance::state).containsExactly(InstanceState.STOPPED);
      assertThat(other.state(theirs.id())).isEqualTo(InstanceState.RUNNING);
    } finally {
      other.remove(theirs.id(), Deletion.PURGE);
    }
  }

  @Test
  void removeWithKeepDataKeepsTheDataAsideAndLeavesNothingElse() {
    TestTenant acme = tenant("acme", Plan.builder("durable").persistence(Persistence.AOF_ALWAYS).build());
    Instance instance = backend.provision(acme.spec());
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      conn.sync().set("k", "v");
    }
    String kept = backend.remove(acme.id(), Deletion.KEEP_DATA);

    assertThat(kept).startsWith(backend.names().keptRoot() + "/");
    // one layout on every backend: retained/NAME-yyyyMMddTHHmmssZ, NAME the instance (homes share the machine)
    assertThat(kept).matches(Pattern.quote(backend.names().keptRoot() + "/retained/" + backend.names().instance(acme.id()))
        + "-[0-9]{8}T[0-9]{6}Z");
    assertThat(SystemdLab.exec("stat", "-c", "%U %a", kept).stdout().strip()).isEqualTo("root 700");
    assertThat(SystemdLab.exec("sh", "-c", "ls -R " + kept).stdout()).contains("appendonly.aof");
    assertThat(backend.state(acme.id())).isEqualTo(InstanceState.MISSING);
    assertNothingLeft();
    SystemdLab.exec("rm", "-rf", kept);
  }

  @Test
  void dataKeptTwiceInOneSecondTakeTheNextFreeName() {
    context.clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    TestTenant acme = tenant("acme", Plan.builder("durable").persistence(Persistence.AOF_ALWAYS).build());
    String base = backend.names().retainedRoot() + "/" + backend.names().instance(acme.id()) + "-20260102T030405Z";
    List<String> kept = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        backend.provision(acme.spec());
        kept.add(backend.remove(acme.id(), Deletion.KEEP_DATA));
      }
      assertThat(kept).containsExactly(base, base + "-2");
      for (String each : kept) {
        assertThat(SystemdLab.exec("sh", "-c", "ls -R " + each).stdout()).contains("appendonly.aof");
      }
      assertNothingLeft();
    } finally {
      kept.forEach(each -> SystemdLab.exec("rm", "-rf", each));
    }
  }

  @Test
  void theWatcherRunsOnTheTenancysSchedulerUntilClose() {
    ScheduledThreadPoolExecutor scheduler = DaemonThreads.scheduler("systemd-it", 1);
    try {
      SystemdBackend watched = (SystemdBackend) SystemdLab.settings().create(new TestContext(Path.of("/tmp"), scheduler));
      // in the queue between two looks (a look under way is out of it for a moment)
      await("the watcher's periodic look queued", Duration.ofSeconds(10), () -> scheduler.getQueue().size() == 1);
      watched.close();
      await("the look cancelled by close()", Duration.ofSeconds(30), () -> scheduler.getQueue().isEmpty());
      assertThat(scheduler.isShutdown()).as("the pool is the tenancy's, not the backend's").isFalse();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void dynamicUserModeRunsUnderAnAllocatedUserAndLeavesNothing() {
    SystemdBackend dynamic = (SystemdBackend) SystemdLab.settings().dynamicUser(true).create(context);
    TestTenant acme = tenant("acme", Plan.builder("durable").persistence(Persistence.AOF_ALWAYS).build());
    TestTenant other = tenant("other", Plan.DEFAULT);
    Instance instance = dynamic.provision(acme.spec());
    dynamic.provision(other.spec());
    awaitPing(instance, acme);
    try (var conn = connect(instance, acme.id().value(), acme.tenantPassword())) {
      conn.sync().set("k", "v");
    }
    InstanceNames names = dynamic.names();
    String group = names.user(acme.id());

    // no user in /etc/passwd: the process runs as one systemd allocated, with the tenant's group added
    assertThat(SystemdLab.exec("grep", "-c", "^" + group + ":", "/etc/passwd").stdout().strip()).isEqualTo("0");
    int[] acmeIds = processIds(acme.id());
    assertThat(acmeIds[0]).as("uid").isBetween(61184, 65519); // systemd's range for dynamic users
    String groupId = SystemdLab.exec("getent", "group", group).stdout().split(":")[2];
    String mainPid = showProperty(acme.id(), "MainPID");
    assertThat(SystemdLab.exec("grep", "^Groups:", "/proc/" + mainPid + "/status").stdout()).contains(groupId);
    for (Path file : List.of(names.configFile(acme.id()), names.aclFile(acme.id()))) {
      assertThat(SystemdLab.exec("stat", "-c", "%U:%G %a", file.toString()).stdout().strip())
          .isEqualTo("root:" + group + " 640");
    }
    int[] otherIds = processIds(other.id());
    assertThat(otherIds[0]).isNotEqualTo(acmeIds[0]);
    Result intruder = SystemdLab.exec("setpriv", "--reuid=" + otherIds[0], "--regid=" + otherIds[1], "--clear-groups",
        "redis-cli", "-s", names.socket(acme.id()).toString(), "PING");
    assertThat(intruder.stdout() + intruder.stderr()).contains("Permission denied").doesNotContain("PONG");
    Result verify = SystemdLab.exec("systemd-analyze", "verify", names.templateFile().toString(),
        names.unitDirectory().resolve(names.unit(acme.id())).toString());
    assertThat(verify.stdout() + verify.stderr()).isEmpty();

    // the data live under /var/lib/private; KEEP_DATA moves them out of there
    String kept = dynamic.remove(acme.id(), Deletion.KEEP_DATA);
    assertThat(SystemdLab.exec("sh", "-c", "ls -R " + kept).stdout()).contains("appendonly.aof");
    dynamic.remove(other.id(), Deletion.PURGE);
    assertNothingLeft();
    assertThat(SystemdLab.exec("sh", "-c", "ls -d /var/lib/private/" + names.unitName() + "/" + names.tag()
        + "-* 2>/dev/null; true").stdout()).as("private state directories").isBlank();
    SystemdLab.exec("rm", "-rf", kept);
  }

  /** The uid and gid of the tenant's running redis-server. */
  private int[] processIds(TenantId id) {
    String[] ids = SystemdLab.exec("ps", "-o", "uid=,gid=", "-p", showProperty(id, "MainPID")).stdout().strip()
        .split("\\s+");
    return new int[] {Integer.parseInt(ids[0]), Integer.parseInt(ids[1])};
  }

  @Test
  void twentyTenantsAreProvisionedInParallelAndRemovedCleanly() throws Exception {
    int count = 20;
    List<TestTenant> tenants = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tenants.add(tenant("fleet-" + i, Plan.builder("small").maxMemory(MemorySize.ofMegabytes(16)).build()));
    }
    int reloadsBefore = backend.daemonReload().reloads();
    List<Long> millis = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TestTenant t : tenants) {
        futures.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          Instance instance = backend.provision(t.spec());
          awaitPing(instance, t);
          millis.add((System.nanoTime() - t0) / 1_000_000);
        }));
      }
      for (Future<?> f : futures) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    int reloads = backend.daemonReload().reloads() - reloadsBefore;
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("[systemd] provision -> authenticated PING, %d tenants, 4 threads: p50 %d ms, p95 %d ms, "
        + "max %d ms, wall %d ms, daemon-reloads %d%n", count, sorted.get(count / 2 - 1),
        sorted.get((int) Math.ceil(count * 0.95) - 1), sorted.get(count - 1), wall, reloads);
    assertThat(sorted).hasSize(count);
    assertThat(reloads).as("daemon-reload batched across tenants").isLessThan(count);
    assertThat(backend.discover()).hasSize(count).allMatch(d -> d.state() == InstanceState.RUNNING);

    long removeStart = System.nanoTime();
    ExecutorService removers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TestTenant t : tenants) {
        futures.add(removers.submit(() -> backend.remove(t.id(), Deletion.PURGE)));
      }
      for (Future<?> f : futures) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      removers.shutdownNow();
    }
    System.out.printf("[systemd] removed %d tenants in %d ms%n", count, (System.nanoTime() - removeStart) / 1_000_000);
    made.clear();
    assertThat(backend.discover()).isEmpty();
    assertNothingLeft();
  }

  // ---------------------------------------------------------------- helpers

  /** No unit, user, group, file or directory of this owner is left on the systemd machine. */
  private void assertNothingLeft() {
    InstanceNames names = backend.names();
    String tag = names.tag();
    String units = SystemdLab.exec("systemctl", "list-units", "--all", "--plain", "--no-legend",
        names.unitName() + "@" + tag + "-*").stdout();
    assertThat(units).as("units").isBlank();
    assertThat(SystemdLab.exec("sh", "-c", "getent passwd | grep '^rt" + tag + "-'; getent group | grep '^rt" + tag
        + "-'; true").stdout()).as("users and groups").isBlank();
    String leftovers = SystemdLab.exec("sh", "-c", "ls -d /etc/systemd/system/" + names.unitName() + "@" + tag + "-* "
        + "/etc/systemd/system/*.wants/" + names.unitName() + "@" + tag + "-* " + names.configRoot() + "/" + tag + "-* "
        + names.stateRoot() + "/" + tag + "-* " + names.runtimeRoot() + "/" + tag + "-* 2>/dev/null; true").stdout();
    assertThat(leftovers).as("files").isBlank();
  }

  private void awaitPing(Instance instance, TestTenant t) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (var conn = connect(instance, t.id().value(), t.tenantPassword())) {
        if ("PONG".equals(conn.sync().ping())) {
          return;
        }
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      sleep(5);
    }
  }

  private String showProperty(TenantId id, String property) {
    return SystemdLab.exec("systemctl", "show", "--property=" + property, "--value", backend.names().unit(id))
        .stdout().strip();
  }

  private StatefulRedisConnection<String, String> connect(Instance instance, String user, String password) {
    RedisURI uri = RedisURI.Builder.socket(instance.endpoints().get(0).socket().orElseThrow().toString())
        .withAuthentication(user, password.toCharArray()).withTimeout(Duration.ofSeconds(5)).build();
    return client.connect(uri);
  }

  private TestTenant tenant(String name, Plan plan) {
    TenantId id = TenantId.of(name);
    String tenantPassword = password();
    String adminPassword = password();
    InstanceSpec spec = new InstanceSpec(id, plan, List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(sha256(adminPassword))),
        new AclUser(name, AclUser.Role.TENANT, List.of(sha256(tenantPassword)))));
    made.add(id);
    return new TestTenant(id, spec, tenantPassword, adminPassword);
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + ": " + what);
      }
      sleep(100);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String password() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String sha256(String text) {
    return InstanceNames.sha256Hex(text);
  }

  private record TestTenant(TenantId id, InstanceSpec spec, String tenantPassword, String adminPassword) {}
}
