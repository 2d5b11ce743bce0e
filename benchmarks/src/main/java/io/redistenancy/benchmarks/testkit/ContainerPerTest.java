package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * What a suite on Testcontainers does for isolation: a new container per test (start, wait for
 * Redis's ready line, Lettuce connection, first command, stop). Offline here: the image is the local
 * one scripts/setup-docker.sh builds (no shell in it, so the readiness check is the log line), and
 * Ryuk is off (it cannot be pulled); each container is stopped by the loop itself.
 */
final class ContainerPerTest {
  private final DockerImageName image;
  private final RedisClient client;

  ContainerPerTest(String image, RedisClient client) {
    this.image = DockerImageName.parse(image);
    this.client = client;
  }

  long oneTestNanos() {
    long start = System.nanoTime();
    try (GenericContainer<?> redis = new GenericContainer<>(image)
        .withCommand("/usr/bin/redis-server", "--port", "6379", "--protected-mode", "no", "--save", "")
        .withExposedPorts(6379)
        .waitingFor(Wait.forLogMessage(".*[Rr]eady to accept connections.*", 1))) {
      redis.start();
      try (var connection = client.connect(RedisURI.create(redis.getHost(), redis.getMappedPort(6379)))) {
        TestkitOverhead.firstCommand(connection);
      }
    }
    return System.nanoTime() - start;
  }
}
