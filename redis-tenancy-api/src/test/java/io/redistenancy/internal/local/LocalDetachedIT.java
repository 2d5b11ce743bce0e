package io.redistenancy.internal.local;

import static io.redistenancy.internal.local.RecordingEvents.Type.CRASHED;
import static io.redistenancy.internal.local.RecordingEvents.Type.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Lifecycle;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DETACHED instances outlive their backend and are adopted by the next one, never a reused pid. */
class LocalDetachedIT extends LocalBackendTestBase {
  private static Backends.Local detached() {
    return Backends.local().lifecycle(Lifecycle.DETACHED);
  }

  @Test
  void theNextBackendAdoptsAndSupervisesRunningInstances() throws Exception {
    TestContext first = new TestContext(root.resolve("adopt"));
    TestTenant tenant = TestTenant.create("survivor");
    Path socket;
    long pid;
    try (LocalBackend a = TestContext.open(first, detached())) {
      socket = a.provision(tenant.spec()).endpoints().get(0).socket().orElseThrow();
      redis.awaitPing(tenant, socket);
      pid = a.pid(tenant.id());
      assertThat(Processes.sessionId(pid)).as("started in its own session (setsid)").isEqualTo(pid);
      try (StatefulRedisConnection<String, String> c = redis.connect(tenant, socket)) {
        c.sync().set("outlives", "the backend");
      }
    }
    assertThat(Processes.running(pid)).as("close() leaves DETACHED instances running").isTrue();

    TestContext second = first.reopen();
    try (LocalBackend b = TestContext.open(second, detached())) {
      assertThat(b.state(tenant.id())).isEqualTo(InstanceState.RUNNING);
      assertThat(b.pid(tenant.id())).isEqualTo(pid);
      assertThat(b.discover()).containsExactly(
          new DiscoveredInstance(tenant.id(), InstanceState.RUNNING, tenant.spec().hash()));
      try (StatefulRedisConnection<String, String> c = redis.connect(tenant, socket)) {
        assertThat(c.sync().get("outlives")).isEqualTo("the backend");
      }

      ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9 an adopted process

      assertThat(second.events().await(CRASHED, tenant.id(), 1, Duration.ofSeconds(15)).detail())
          .contains("adopted process");
      second.events().await(RESTARTED, tenant.id(), 1, Duration.ofSeconds(15));
      redis.awaitPing(tenant, socket);
      assertThat(b.pid(tenant.id())).isNotEqualTo(pid).isPositive();

      b.remove(tenant.id(), Deletion.PURGE);
    }
  }

  @Test
  void instancesOfAJvmThatDiedAreAdoptedAndSupervised() throws Exception {
    Path home = root.resolve("orphans");
    ChildJvm.Started child = ChildJvm.start(home, "detached-owner", Lifecycle.DETACHED, root.resolve("orphans.log"));
    child.process().destroyForcibly();
    assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.watchdog()).as("DETACHED backends have no watchdog").isZero();
    Thread.sleep(300);
    assertThat(child.pids()).as("DETACHED instances outlive a killed JVM").allMatch(Processes::running);

    TestContext context = new TestContext(home, "detached-owner");
    try (LocalBackend b = TestContext.open(context, detached())) {
      TenantId one = TenantId.of(ChildJvm.TENANTS.get(0));
      TenantId two = TenantId.of(ChildJvm.TENANTS.get(1));
      assertThat(b.discover()).extracting(DiscoveredInstance::state)
          .containsExactly(InstanceState.RUNNING, InstanceState.RUNNING);
      assertThat(List.of(b.pid(one), b.pid(two))).isEqualTo(child.pids());

      // not this JVM's child: its end is seen by polling, even when nobody reaps it
      ProcessHandle.of(b.pid(one)).orElseThrow().destroyForcibly();
      context.events().await(CRASHED, one, 1, Duration.ofSeconds(10));
      context.events().await(RESTARTED, one, 1, Duration.ofSeconds(10));
      assertThat(b.pid(one)).isPositive().isNotEqualTo(child.pids().get(0));

      b.remove(one, Deletion.PURGE);
      b.remove(two, Deletion.PURGE); // stops an adopted non-child within the stop timeout
      assertThat(Processes.running(child.pids().get(1))).isFalse();
    } finally {
      child.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void aLivePidWithAnotherStartTimeIsNotAdopted() throws Exception {
    TestContext first = new TestContext(root.resolve("reuse"));
    TestTenant tenant = TestTenant.create("imposter");
    long instance;
    try (LocalBackend a = TestContext.open(first, detached())) {
      Path socket = a.provision(tenant.spec()).endpoints().get(0).socket().orElseThrow();
      redis.awaitPing(tenant, socket);
      instance = a.pid(tenant.id());
    }
    ProcessHandle.of(instance).orElseThrow().destroyForcibly();
    assertThat(Processes.awaitGone(instance, Duration.ofSeconds(10))).isTrue();
    // the recorded pid is now another redis-server, outside the tenant's directory, that started at
    // another time than recorded: as if the pid had been reused
    ProcessHandle stranger = new ProcessBuilder(RedisBinary.locate(java.util.Optional.empty()).path().toString(),
        "--port", "0", "--unixsocket", root.resolve("stranger.sock").toString(), "--save", "")
        .directory(root.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().toHandle();
    long pid = stranger.pid();
    Path recordFile = first.workDirectory().resolve("tenants/imposter/instance.properties");
    ProcessRecord record = ProcessRecord.read(recordFile).orElseThrow();
    long strangerStart = stranger.info().startInstant().orElseThrow().toEpochMilli();
    new ProcessRecord(pid, strangerStart - 1000, record.owner(), record.specHash(), record.port()).write(recordFile);

    try {
      TestContext second = first.reopen();
      try (LocalBackend b = TestContext.open(second, detached())) {
        assertThat(b.state(tenant.id())).isEqualTo(InstanceState.STOPPED);
        assertThat(b.pid(tenant.id())).isZero();
        assertThat(ProcessRecord.read(recordFile).orElseThrow().pid()).as("stale pid forgotten").isZero();
        b.stop(tenant.id());
        assertThat(Processes.running(pid)).as("a process that is not provably ours is never signalled").isTrue();
      }
    } finally {
      stranger.destroyForcibly();
      Processes.awaitGone(pid, Duration.ofSeconds(5));
    }
  }

  @Test
  void anotherTenancysDirectoryIsIgnored() throws Exception {
    TestContext first = new TestContext(root.resolve("owner"));
    TestTenant tenant = TestTenant.create("foreign");
    try (LocalBackend a = TestContext.open(first, Backends.local())) {
      a.provision(tenant.spec());
      a.stop(tenant.id());
    }
    TestContext other = new TestContext(root.resolve("owner"), "someone-else");
    try (LocalBackend b = TestContext.open(other, Backends.local())) {
      assertThat(b.discover()).isEmpty();
      assertThat(b.state(tenant.id())).isEqualTo(InstanceState.MISSING);
      assertThatThrownBy(() -> b.provision(tenant.spec()))
          .isInstanceOf(ProvisioningFailedException.class)
          .hasMessageContaining("belongs to another tenancy");
      assertThat(b.discover()).isEmpty();
    }
  }
}
