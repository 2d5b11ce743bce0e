package io.redistenancy.benchmarks.provision;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The test-suite peer: a Testcontainers {@code GenericContainer} with the same image, redis-server as
 * its entrypoint (no persistence) and port 6379 published, started with {@code start()}, which returns
 * once our PING strategy got a PONG on the mapped port (its default wait strategy needs a shell the
 * image lacks). Stopped and removed after.
 */
final class TestcontainersStart implements Contender {
  private static final int PORT = 6379;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final DockerImageName image;
  private GenericContainer<?> running;

  TestcontainersStart(String image) {
    if (!"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      throw new IllegalArgumentException("set TESTCONTAINERS_RYUK_DISABLED=true (benchmarks/run does): Ryuk's image "
          + "cannot be pulled without a registry, and this benchmark removes its containers itself");
    }
    this.image = DockerImageName.parse(image);
  }

  @Override
  public String name() {
    return "Testcontainers";
  }

  @Override
  public String measures() {
    return "new GenericContainer(image).withExposedPorts(6379) (entrypoint redis-server --save '' --appendonly no --protected-mode no), "
        + "start() returning once PING on the mapped TCP port answers, polled every " + Ping.POLL.toNanos() / 1000
        + " us";
  }

  @Override
  public long startToPingNanos() {
    long start = System.nanoTime();
    running = new GenericContainer<>(image)
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("redis-server"))
        .withCommand("--save", "", "--appendonly", "no", "--protected-mode", "no")
        .withExposedPorts(PORT)
        .waitingFor(new PingWait(start));
    running.start();
    long elapsed = System.nanoTime() - start;
    close();
    return elapsed;
  }

  @Override
  public void close() {
    if (running != null) {
      running.stop();
      running = null;
    }
  }

  /** Ready when redis-server answers PING on the mapped port. */
  private static final class PingWait extends AbstractWaitStrategy {
    private final long startNanos;

    PingWait(long startNanos) {
      this.startNanos = startNanos;
    }

    @Override
    protected void waitUntilReady() {
      InetSocketAddress address = new InetSocketAddress(waitStrategyTarget.getHost(),
          waitStrategyTarget.getMappedPort(PORT));
      Ping.await(address, startNanos, TIMEOUT, () -> true);
    }
  }
}
