package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import io.redistenancy.Tenant;
import io.redistenancy.contract.OwnInstance;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.contract.TestPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's TCP endpoint is always its own instance: two homes racing on one port range never
 * misroute, and a squatter that takes a killed tenant's port never receives a password.
 */
class LocalPortsIT {
  private static final int TENANTS_PER_HOME = 50;
  /** Bounds the retries of a create that found all four ports taken (by the other home's tenants). */
  private static final int MAX_ATTEMPTS = 400;

  private final List<Path> homes = new ArrayList<>();
  private final List<RedisTenancy> opened = new ArrayList<>();
  private RedisClient client;

  @BeforeEach
  void client() {
    client = RedisClient.create();
  }

  @AfterEach
  void cleanUp() {
    opened.forEach(RedisTenancy::close);
    client.shutdown();
    homes.forEach(TestFiles::deleteQuietly);
  }

  private RedisTenancy open(int first, int last, TenancyListener listener) throws IOException {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "rt-ports-");
    homes.add(home);
    RedisTenancy tenancy = RedisTenancy.builder().home(home).backend(Backends.local().tcpPorts(first, last))
        .listener(listener).build();
    opened.add(tenancy);
    return tenancy;
  }

  @Test
  void twoHomesRacingOnFourPortsNeverMisrouteATenant() throws Exception {
    int first = TestPorts.freeRange(4);
    List<RedisTenancy> both = List.of(open(first, first + 3, e -> {}), open(first, first + 3, e -> {}));
    ConcurrentLinkedQueue<String> misroutes = new ConcurrentLinkedQueue<>();
    AtomicInteger refusals = new AtomicInteger();
    AtomicInteger checked = new AtomicInteger();
    // two creates at a time per home: together they need all four ports, so every create races the
    // other home's for the same lowest free port, and a loser always finds another one free
    List<ExecutorService> pools = List.of(Executors.newFixedThreadPool(2), Executors.newFixedThreadPool(2));
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < TENANTS_PER_HOME; i++) {
        for (int h = 0; h < both.size(); h++) {
          RedisTenancy tenancy = both.get(h);
          String name = "h" + h + "-t" + i;
          runs.add(pools.get(h).submit(() -> {
            Tenant tenant = createRetryingWhilePortsAreTaken(tenancy, name, refusals);
            try {
              checkOwnInstance(tenant).ifPresent(misroutes::add);
              checked.incrementAndGet();
            } finally {
              tenant.delete(Deletion.PURGE);
            }
            return null;
          }));
        }
      }
      for (Future<?> run : runs) {
        run.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pools.forEach(ExecutorService::shutdownNow);
    }
    System.out.printf("LocalPortsIT race: %d tenants checked, %d misroutes, %d creates refused for lack of a port%n",
        checked.get(), misroutes.size(), refusals.get());
    assertThat(misroutes).as("tenants whose connection() did not reach their own instance").isEmpty();
    assertThat(checked.get()).isEqualTo(2 * TENANTS_PER_HOME);
  }

  /** All four ports may be held by the other home's tenants: that refusal is clean, so try again. */
  private static Tenant createRetryingWhilePortsAreTaken(RedisTenancy tenancy, String name, AtomicInteger refusals) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tenancy.create(name).apply();
      } catch (ProvisioningFailedException e) {
        if (!e.getMessage().contains("No free TCP port") || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        refusals.incrementAndGet();
        Thread.yield();
      }
    }
  }

  private Optional<String> checkOwnInstance(Tenant tenant) {
    return OwnInstance.misroute(client, tenant);
  }

  private static Endpoint tcpOf(ConnectionInfo info) {
    return OwnInstance.tcpOf(info);
  }

  @Test
  void aSquatterOnAKilledTenantsPortNeverReceivesItsPassword() throws Exception {
    int first = TestPorts.freeRange(4);
    AtomicReference<Squatter> squatter = new AtomicReference<>();
    AtomicInteger victimPort = new AtomicInteger();
    RecordingListener events = new RecordingListener();
    // the squatter binds the port while the crash is being handled, before any restart can
    RedisTenancy tenancy = open(first, first + 3, event -> {
      events.onEvent(event);
      if (event.type() == TenancyEvent.Type.CRASHED && squatter.get() == null) {
        squatter.set(Squatter.on(victimPort.get()));
      }
    });
    Tenant victim = tenancy.create("victim").apply();
    ConnectionInfo before = victim.connection();
    int port = tcpOf(before).port();
    victimPort.set(port);
    ProcessHandle.of(LocalTenancyIT.pid(victim)).orElseThrow().destroyForcibly();

    try {
      boolean portChanged = events.await(e -> e.type() == TenancyEvent.Type.PORT_CHANGED
          && e.tenant().equals("victim"), Duration.ofSeconds(30));
      assertThat(squatter.get()).as("the squatter took port %d", port).isNotNull();
      assertThat(checkOwnInstance(victim)).as("connection() reaches the tenant's own instance").isEmpty();
      assertThat(squatter.get().received()).as("what the squatter received").doesNotContain(before.password());
      assertThat(portChanged).as("a PORT_CHANGED event; events: %s", events.events()).isTrue();
      int moved = tcpOf(victim.connection()).port();
      assertThat(moved).as("connection() gives the tenant's new port").isNotEqualTo(port).isBetween(first, first + 3);
      assertThat(victim.handover().env()).contains("REDIS_PORT=" + moved + "\n");
      assertThat(events.events()).filteredOn(e -> e.type() == TenancyEvent.Type.PORT_CHANGED)
          .singleElement().satisfies(e -> assertThat(e.detail()).contains(Integer.toString(port))
              .contains(Integer.toString(moved)));
      assertThat(squatter.get().connections()).as("connections to the squatter").isZero();
    } finally {
      if (squatter.get() != null) {
        squatter.get().close();
      }
    }
  }

  /** A plain listener on a port: counts connections and keeps every byte they send. */
  static final class Squatter implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread acceptor;

    private Squatter(ServerSocket socket) {
      this.socket = socket;
      this.acceptor = new Thread(this::accept, "squatter-" + socket.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    static Squatter on(int port) {
      try {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return new Squatter(socket);
      } catch (IOException e) {
        throw new UncheckedIOException("the squatter cannot bind " + port, e);
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread reader = new Thread(() -> read(s));
          reader.setDaemon(true);
          reader.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void read(Socket s) {
      try (s; InputStream in = s.getInputStream()) {
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
          synchronized (received) {
            received.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    int connections() {
      return connections.get();
    }

    String received() {
      synchronized (received) {
        return received.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
