package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's TCP endpoint is always its own container's, when homes race for ports or a port is taken. */
class DockerPortRaceIT {
  private static final int RANGE_FIRST = 23500;
  private static final int RANGE_LAST = 23503;

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  private RedisTenancy tenancy(String home, RecordingListener listener) {
    return RedisTenancy.builder().home(temp.resolve(home)).listener(listener)
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", RANGE_FIRST, RANGE_LAST)
            .stopTimeout(java.time.Duration.ofSeconds(2)))
        .build();
  }

  @Test
  void aStartWhosePortWasTakenMovesTheTenantAndSaysSo() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (RedisTenancy tenancy = tenancy("home", listener)) {
      Tenant acme = tenancy.create("acme").apply();
      try {
        int before = tcp(acme.connection()).port();
        write(acme.connection(), tcp(acme.connection()), "k", "v");
        acme.stop();
        try (Squatter squatter = new Squatter(before)) {
          acme.start();

          ConnectionInfo after = acme.connection();
          assertThat(tcp(after).port()).isNotEqualTo(before).isBetween(RANGE_FIRST, RANGE_LAST);
          assertThat(read(after, tcp(after), "k")).isEqualTo("v");
          assertThat(squatter.accepted()).as("connections the squatter received").isZero();
          assertThat(listener.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(TenancyEvent.Type.RESTARTED);
            assertThat(e.detail()).contains("was taken", "port " + tcp(after).port());
          });
        }
      } finally {
        acme.delete(Deletion.PURGE);
      }
    }
  }

  @Test
  void twoHomesRacingCreatesOnOneSmallRangeNeverMisroute() throws Exception {
    int perHome = 4;
    try (RedisTenancy a = tenancy("a", new RecordingListener()); RedisTenancy b = tenancy("b", new RecordingListener())) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * perHome);
      List<Future<Tenant>> creates = new ArrayList<>();
      try {
        for (int i = 0; i < perHome; i++) {
          String name = "t" + i;
          creates.add(pool.submit(() -> a.create(name).apply()));
          creates.add(pool.submit(() -> b.create(name).apply()));
        }
        List<Tenant> made = new ArrayList<>();
        int refused = 0;
        for (Future<Tenant> f : creates) {
          try {
            made.add(f.get(3, TimeUnit.MINUTES));
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ProvisioningFailedException.class)
                .hasMessageContaining("no free TCP port");
            refused++;
          }
        }
        assertThat(made).as("the range has 4 ports").hasSizeBetween(1, 4);
        assertThat(made.size() + refused).isEqualTo(2 * perHome);
        // each tenant writes through its TCP endpoint and reads it back through its own container's socket
        for (int i = 0; i < made.size(); i++) {
          ConnectionInfo info = made.get(i).connection();
          String mark = "written-" + i;
          write(info, tcp(info), "owner", mark);
          Endpoint socket = info.endpoints().stream().filter(Endpoint::isUnixSocket).findFirst().orElseThrow();
          assertThat(read(info, socket, "owner")).as("tenant " + i + " reads its own key").isEqualTo(mark);
        }
        for (Tenant t : made) {
          t.delete(Deletion.PURGE);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Endpoint tcp(ConnectionInfo info) {
    return info.endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst().orElseThrow();
  }

  private static void write(ConnectionInfo info, Endpoint endpoint, String key, String value) {
    try (Connected c = new Connected(info, endpoint)) {
      c.connection.sync().set(key, value);
    }
  }

  private static String read(ConnectionInfo info, Endpoint endpoint, String key) {
    try (Connected c = new Connected(info, endpoint)) {
      return c.connection.sync().get(key);
    }
  }

  /** One Lettuce connection to {@code endpoint} as the tenant, from its connection info alone. */
  private static final class Connected implements AutoCloseable {
    final RedisClient client;
    final StatefulRedisConnection<String, String> connection;

    Connected(ConnectionInfo info, Endpoint endpoint) {
      client = RedisClient.create(info.redisUri(endpoint));
      connection = client.connect();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }

  /** A local program listening on a port, counting who connects. */
  private static final class Squatter implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    Squatter(int port) throws IOException {
      socket = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            accepted.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
      socket.close();
      acceptor.join(5000);
    }
  }
}
