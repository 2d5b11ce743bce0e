package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.lettuce.core.RedisURI;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.TenantNotFoundException;
import io.redistenancy.spi.Capability;
import io.redistenancy.spi.DiscoveredInstance;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The life of one instance on the local backend: real redis-server, real Lettuce connections. */
class LocalBackendIT extends LocalBackendTestBase {
  @Test
  void provisionConnectStopStartRemove() throws Exception {
    TestContext context = new TestContext(root.resolve("life"));
    Path work = context.workDirectory();
    TestTenant acme = TestTenant.create("acme");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      assertThat(backend.name()).isEqualTo("local");
      assertThat(backend.capabilities()).containsExactlyInAnyOrder(
          Capability.UNIX_SOCKET, Capability.SUPERVISION, Capability.DETACHED_INSTANCES);

      Instance instance = backend.provision(acme.spec());
      Path socket = work.resolve("run/acme.sock");
      assertThat(instance.endpoints()).containsExactly(Endpoint.unixSocket(socket));
      redis.awaitPing(acme, socket);
      assertThat(backend.state(acme.id())).isEqualTo(InstanceState.RUNNING);
      assertThat(backend.provision(acme.spec())).as("provision is idempotent").isEqualTo(instance);
      long pid = backend.pid(acme.id());

      try (StatefulRedisConnection<String, String> c = redis.connect(acme, socket)) {
        c.sync().set("greeting", "hello");
        assertThat(c.sync().get("greeting")).isEqualTo("hello");
        assertThatThrownBy(() -> c.sync().configSet("maxmemory", "1gb")).as("tenants cannot administer")
            .isInstanceOf(RedisException.class).hasMessageContaining("NOPERM");
      }
      assertRefused(RedisClients.socketUri(socket, null, null));
      assertRefused(RedisClients.socketUri(socket, "default", acme.password()));
      assertRefused(RedisClients.socketUri(socket, "acme", "wrong-password"));

      Path dir = work.resolve("tenants/acme");
      assertMode(dir, "rwx------");
      assertMode(dir.resolve("data"), "rwx------");
      assertMode(work.resolve("run"), "rwx------");
      for (String file : List.of("redis.conf", "users.acl", "redis.log", "instance.properties")) {
        assertMode(dir.resolve(file), "rw-------");
      }
      assertMode(socket, "rw-------");
      assertThat(Files.readString(dir.resolve("redis.conf"))).contains("unixsocket " + socket)
          .doesNotContain("logfile");
      assertThat(Files.readString(dir.resolve("users.acl"))).doesNotContain(acme.password());
      assertThat(Files.readString(dir.resolve("redis.log"))).containsIgnoringCase("ready to accept connections");

      assertThat(backend.discover()).containsExactly(
          new DiscoveredInstance(acme.id(), InstanceState.RUNNING, acme.spec().hash()));

      backend.stop(acme.id());
      assertThat(backend.state(acme.id())).isEqualTo(InstanceState.STOPPED);
      assertThat(Processes.running(pid)).isFalse();
      backend.stop(acme.id());
      assertThat(backend.discover()).containsExactly(
          new DiscoveredInstance(acme.id(), InstanceState.STOPPED, acme.spec().hash()));

      assertThat(backend.start(acme.id())).isEqualTo(instance);
      redis.awaitPing(acme, socket);
      try (StatefulRedisConnection<String, String> c = redis.connect(acme, socket)) {
        assertThat(c.sync().get("greeting")).as("saved on SIGTERM, loaded on start").isEqualTo("hello");
      }
      long restartedPid = backend.pid(acme.id());

      assertThat(backend.remove(acme.id(), Deletion.PURGE)).isEmpty();
      assertThat(Processes.running(restartedPid)).isFalse();
      assertThat(dir).doesNotExist();
      assertThat(socket).doesNotExist();
      assertThat(backend.state(acme.id())).isEqualTo(InstanceState.MISSING);
      assertThat(backend.discover()).isEmpty();
      assertThat(backend.remove(acme.id(), Deletion.PURGE)).as("removing twice does nothing").isEmpty();
      assertThatThrownBy(() -> backend.start(acme.id())).isInstanceOf(TenantNotFoundException.class);
    }
  }

  @Test
  void reconfigureAppliesAtTheNextStart() throws Exception {
    TestContext context = new TestContext(root.resolve("reconf"));
    TestTenant tenant = TestTenant.create("growing");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      Path socket = backend.provision(tenant.spec()).endpoints().get(0).socket().orElseThrow();
      InstanceSpec bigger = new InstanceSpec(tenant.id(),
          Plan.DEFAULT.toBuilder().maxMemory(MemorySize.ofMegabytes(128)).build(), tenant.spec().users());

      backend.reconfigure(bigger);
      assertThat(backend.discover()).extracting(DiscoveredInstance::specHash).containsExactly(bigger.hash());
      backend.stop(tenant.id());
      backend.start(tenant.id());

      RedisURI admin = RedisClients.socketUri(socket, AclUser.ADMIN_NAME, tenant.adminPassword());
      redis.awaitPing(admin, Duration.ofSeconds(10));
      try (StatefulRedisConnection<String, String> c = redis.connect(admin)) {
        assertThat(c.sync().configGet("maxmemory")).containsEntry("maxmemory", Long.toString(128L * 1024 * 1024));
      }
      assertThatThrownBy(() -> backend.reconfigure(TestTenant.create("nobody").spec()))
          .isInstanceOf(TenantNotFoundException.class);
      backend.remove(tenant.id(), Deletion.PURGE);
    }
  }

  /** Links in a tenant's tree (as a tool or an operator may leave) are removed, never what they point to. */
  @Test
  void removingATenantDeletesLinksInItsTreeNotWhatTheyPointTo() throws Exception {
    TestContext context = new TestContext(root.resolve("links"));
    TestTenant linked = TestTenant.create("linked");
    Path outside = Files.createDirectories(root.resolve("links-outside"));
    Path precious = Files.writeString(outside.resolve("precious.txt"), "keep me");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      backend.provision(linked.spec());
      Path dir = context.workDirectory().resolve("tenants/linked");
      Files.createSymbolicLink(dir.resolve("data/to-directory"), outside);
      Files.createSymbolicLink(dir.resolve("to-file"), precious);

      backend.remove(linked.id(), Deletion.PURGE);

      assertThat(dir).doesNotExist();
      assertThat(precious).hasContent("keep me");
      try (var left = Files.list(outside)) {
        assertThat(left).containsExactly(precious);
      }
    }
  }

  @Test
  void keepDataMovesTheDataAside() throws Exception {
    TestContext context = new TestContext(root.resolve("keep"));
    TestTenant kept = TestTenant.create("kept");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      Instance instance = backend.provision(kept.spec());
      Path socket = instance.endpoints().get(0).socket().orElseThrow();
      redis.awaitPing(kept, socket);
      try (StatefulRedisConnection<String, String> c = redis.connect(kept, socket)) {
        c.sync().set("precious-key", "precious-value");
      }

      String where = backend.remove(kept.id(), Deletion.KEEP_DATA);

      Path retained = Path.of(where);
      assertThat(retained.getParent()).isEqualTo(context.workDirectory().resolve("retained"));
      assertThat(retained.getFileName().toString()).matches("kept-\\d{8}T\\d{6}Z");
      assertMode(retained.getParent(), "rwx------");
      assertThat(new String(Files.readAllBytes(retained.resolve("dump.rdb")), StandardCharsets.ISO_8859_1))
          .startsWith("REDIS").contains("precious-key");
      assertThat(context.workDirectory().resolve("tenants/kept")).doesNotExist();
      assertThat(backend.state(kept.id())).isEqualTo(InstanceState.MISSING);

      // a new tenant of the same name starts empty
      backend.provision(kept.spec());
      redis.awaitPing(kept, socket);
      try (StatefulRedisConnection<String, String> c = redis.connect(kept, socket)) {
        assertThat(c.sync().exists("precious-key")).isZero();
      }
      backend.remove(kept.id(), Deletion.PURGE);
    }
  }

  @Test
  void aSocketPathTooLongIsRefusedBeforeAnythingIsWritten() {
    Path deep = root.resolve("d".repeat(60)).resolve("e".repeat(40));
    TestContext context = new TestContext(deep);
    TestTenant tenant = TestTenant.create("long-socket-tenant");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      assertThatThrownBy(() -> backend.provision(tenant.spec()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(context.workDirectory().resolve("run/long-socket-tenant.sock").toString())
          .hasMessageContaining("the limit is 107")
          .hasMessageContaining("Use a shorter tenancy home");
      assertThat(context.workDirectory().resolve("tenants/long-socket-tenant")).doesNotExist();
      assertThat(backend.discover()).isEmpty();
    }
  }

  @Test
  void aHomeTheRendererCannotWriteIsRefusedAndLeavesNothing() {
    TestContext context = new TestContext(root.resolve("with space"));
    TestTenant tenant = TestTenant.create("spacey");
    try (LocalBackend backend = TestContext.open(context, Backends.local())) {
      assertThatThrownBy(() -> backend.provision(tenant.spec()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("Cannot provision tenant 'spacey'")
          .hasMessageContaining("cannot be written to redis.conf");
      assertThat(context.workDirectory().resolve("tenants/spacey")).doesNotExist();
      assertThat(backend.discover()).isEmpty();
      assertThat(backend.state(tenant.id())).isEqualTo(InstanceState.MISSING);
    }
  }

  private static void assertRefused(RedisURI uri) {
    assertThatThrownBy(() -> {
      try (StatefulRedisConnection<String, String> c = redis.connect(uri)) {
        c.sync().ping();
      }
    }).isInstanceOf(RedisException.class);
  }

  private static void assertMode(Path path, String mode) throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as("mode of %s", path)
        .isEqualTo(mode);
  }
}
