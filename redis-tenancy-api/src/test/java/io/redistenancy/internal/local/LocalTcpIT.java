package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.contract.TestPorts;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.Instance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Optional TCP on 127.0.0.1: ports from the range, distinct, kept across restarts, busy ones skipped. */
class LocalTcpIT extends LocalBackendTestBase {
  @Test
  void tenantsGetDistinctPortsInRangeAndABusyPortIsSkipped() throws Exception {
    int first = TestPorts.freeRange(10);
    int last = first + 9;
    TestContext context = new TestContext(root.resolve("tcp"));
    TestTenant one = TestTenant.create("one");
    TestTenant two = TestTenant.create("two");
    try (ServerSocket busy = listen(first);
        LocalBackend backend = TestContext.open(context, Backends.local().tcpPorts(first, last))) {
      assertThat(busy.getLocalPort()).isEqualTo(first);
      assertThat(backend.capabilities()).contains(Capability.TCP, Capability.UNIX_SOCKET);

      Instance a = backend.provision(one.spec());
      Instance b = backend.provision(two.spec());

      for (Instance instance : new Instance[] {a, b}) {
        assertThat(instance.endpoints()).hasSize(2);
        assertThat(instance.endpoints().get(0).isUnixSocket()).as("socket first").isTrue();
        assertThat(instance.endpoints().get(1).host()).contains("127.0.0.1");
        assertThat(instance.endpoints().get(1).port()).isBetween(first + 1, last);
      }
      int portA = a.endpoints().get(1).port();
      int portB = b.endpoints().get(1).port();
      assertThat(portA).isNotEqualTo(portB);

      for (var pair : new Object[][] {{one, a}, {two, b}}) {
        TestTenant tenant = (TestTenant) pair[0];
        Endpoint tcp = ((Instance) pair[1]).endpoints().get(1);
        redis.awaitPing(RedisClients.uri(tcp, tenant.user(), tenant.password()), Duration.ofSeconds(10));
        try (StatefulRedisConnection<String, String> c = redis.connect(RedisClients.uri(tcp, tenant.user(), tenant.password()))) {
          c.sync().set("via", "tcp");
        }
      }

      backend.stop(one.id());
      assertThat(backend.start(one.id())).as("the port is kept across restarts").isEqualTo(a);
      redis.awaitPing(RedisClients.uri(a.endpoints().get(1), one.user(), one.password()), Duration.ofSeconds(10));

      backend.remove(one.id(), Deletion.PURGE);
      backend.remove(two.id(), Deletion.PURGE);
    }
  }

  @Test
  void aPortTakenWhileStoppedOrDuringARestartIsReplaced() throws Exception {
    int first = TestPorts.freeRange(10);
    TestContext context = new TestContext(root.resolve("move"));
    TestTenant tenant = TestTenant.create("mover");
    try (LocalBackend backend = TestContext.open(context, Backends.local().tcpPorts(first, first + 9))) {
      int port = backend.provision(tenant.spec()).endpoints().get(1).port();
      backend.stop(tenant.id());

      int moved;
      try (ServerSocket squatter = listen(port)) {
        assertThat(squatter.isBound()).isTrue();
        Instance instance = backend.start(tenant.id());
        moved = instance.endpoints().get(1).port();
        assertThat(moved).isNotEqualTo(port).isBetween(first, first + 9);
        redis.awaitPing(RedisClients.uri(instance.endpoints().get(1), tenant.user(), tenant.password()),
            Duration.ofSeconds(10));
      }

      // someone binds the port between the crash and the restart: Redis cannot take it, the backend moves on
      long pid = backend.pid(tenant.id());
      AtomicReference<ServerSocket> squatter = new AtomicReference<>();
      context.events().onCrashed(id -> squatter.compareAndSet(null, listenOrFail(moved)));
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      try {
        RecordingEvents.Event restart = context.events().await(RecordingEvents.Type.RESTARTED, tenant.id(), 1,
            Duration.ofSeconds(10));
        assertThat(squatter.get()).as("the squatter holds port %d", moved).isNotNull();
        assertThat(restart.detail()).contains("(port " + moved + " was taken)");
        assertThat(context.events().of(RecordingEvents.Type.CRASHED, tenant.id())).as("the move is no crash").hasSize(1);
        assertThat(context.events().of(RecordingEvents.Type.MOVED, tenant.id())).singleElement()
            .satisfies(e -> assertThat(e.detail()).contains(moved + " -> "));
        Instance now = backend.instance(tenant.id()).orElseThrow();
        assertThat(now).as("start() of a running instance says where it is").isEqualTo(backend.start(tenant.id()));
        assertThat(now.endpoints().get(1).port()).isNotEqualTo(moved);
        redis.awaitPing(RedisClients.uri(now.endpoints().get(1), tenant.user(), tenant.password()),
            Duration.ofSeconds(10));
      } finally {
        if (squatter.get() != null) {
          squatter.get().close();
        }
      }
      backend.remove(tenant.id(), Deletion.PURGE);
    }
  }

  private static ServerSocket listenOrFail(int port) {
    try {
      return listen(port);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    return socket;
  }
}
