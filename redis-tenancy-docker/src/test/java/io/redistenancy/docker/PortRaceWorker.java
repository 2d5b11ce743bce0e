package io.redistenancy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One home's side of a port race (run by the test and by {@link PortRaceChild} in another JVM): creates
 * tenants concurrently on a small TCP range, checks each one's TCP endpoint reaches its own container,
 * then deletes it to free the port for the next.
 */
final class PortRaceWorker {
  static final String NO_FREE_PORT = "no free TCP port";

  private PortRaceWorker() {}

  /** What one home saw: creates made and verified, creates refused for want of a port, anything else. */
  record Outcome(int made, int refused, List<String> problems) {
    String line() {
      return "OUTCOME " + made + " " + refused;
    }
  }

  /** Both homes use this: the defaults (a network per tenant), TCP on {@code first..last}. */
  static RedisTenancy tenancy(Path home, int first, int last) {
    return RedisTenancy.builder().home(home)
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", first, last)
            .stopTimeout(Duration.ofSeconds(2)))
        .build();
  }

  static Outcome run(RedisTenancy tenancy, String ownerId, String prefix, int creates, int threads)
      throws InterruptedException {
    AtomicInteger made = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DockerClient docker = DockerTestSupport.dockerClient()) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int i = 0; i < creates; i++) {
        String name = prefix + "-" + i;
        tasks.add(pool.submit(() -> createCheckDelete(tenancy, docker, ownerId, name, made, refused, problems)));
      }
      for (Future<?> task : tasks) {
        task.get(5, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      problems.add("the race did not finish: " + e);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    return new Outcome(made.get(), refused.get(), List.copyOf(problems));
  }

  private static void createCheckDelete(RedisTenancy tenancy, DockerClient docker, String ownerId, String name,
      AtomicInteger made, AtomicInteger refused, Queue<String> problems) {
    Tenant tenant;
    try {
      tenant = tenancy.create(name).apply();
    } catch (ProvisioningFailedException e) {
      if (String.valueOf(e.getMessage()).contains(NO_FREE_PORT)) {
        refused.incrementAndGet();
      } else {
        problems.add("create " + name + " failed unclearly: " + e);
      }
      return;
    } catch (RuntimeException e) {
      problems.add("create " + name + " failed unclearly: " + e);
      return;
    }
    try {
      String problem = misroute(docker, ownerId, name, tenant.connection());
      if (problem == null) {
        made.incrementAndGet();
      } else {
        problems.add(problem);
      }
    } finally {
      try {
        tenant.delete(Deletion.PURGE);
      } catch (RuntimeException e) {
        problems.add("delete " + name + " failed: " + e);
      }
    }
  }

  /**
   * Null if the tenant's TCP endpoint reaches its own container: a key written through it is read back
   * through the container's socket, and the engine says the tenant's container publishes that port.
   */
  private static String misroute(DockerClient docker, String ownerId, String name, ConnectionInfo info) {
    Endpoint tcp = info.endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst().orElseThrow();
    Endpoint socket = info.endpoints().stream().filter(Endpoint::isUnixSocket).findFirst().orElseThrow();
    String mark = ownerId + "/" + name;
    try {
      call(info, tcp, c -> c.sync().set("owner", mark));
      String read = call(info, socket, c -> c.sync().get("owner"));
      if (!mark.equals(read)) {
        return "misroute: " + name + " on port " + tcp.port() + " wrote to a container whose socket reads " + read;
      }
    } catch (RuntimeException e) {
      return "misroute: " + name + " on port " + tcp.port() + " is not its own container's: " + e;
    }
    List<Container> own = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerEngine.OWNER_LABEL, ownerId, "io.redistenancy.tenant", name)).exec();
    boolean publishes = own.size() == 1 && Arrays.stream(own.get(0).getPorts())
        .map(ContainerPort::getPublicPort).anyMatch(p -> p != null && p == tcp.port());
    return publishes ? null : "misroute: " + name + " says port " + tcp.port() + " but its containers publish "
        + own.stream().map(c -> Arrays.toString(c.getPorts())).toList();
  }

  private static <T> T call(ConnectionInfo info, Endpoint endpoint,
      java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
    RedisClient client = RedisClient.create(info.redisUri(endpoint));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return command.apply(connection);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
