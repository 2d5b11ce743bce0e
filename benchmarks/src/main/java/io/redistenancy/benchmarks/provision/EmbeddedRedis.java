package io.redistenancy.benchmarks.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import io.redistenancy.benchmarks.TempDir;
import java.nio.file.Files;
import java.time.Duration;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * The peer most Java test suites use: codemonstur embedded-redis (its bundled Redis 6.2 binary), the
 * way its README shows it: {@code new RedisServer(port)}, {@code start()}, {@code stop()}. Like its
 * default, every server extracts the binary into a fresh directory; unlike it, that directory is
 * under a root of ours, because the default one keeps a dump.rdb and so outlives the JVM.
 */
final class EmbeddedRedis implements Contender {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final TempDir root = TempDir.create("rtb-emb-");
  private int counter;
  private RedisServer running;

  @Override
  public String name() {
    return "embedded-redis";
  }

  @Override
  public String measures() {
    return "new RedisServer(freePort) (extracts its binary) + start() (waits for its ready log line), then PING over TCP until PONG";
  }

  @Override
  public long startToPingNanos() throws IOException {
    int port = freePort();
    long start = System.nanoTime();
    running = new RedisServer(port, ExecutableProvider.newJarResourceProvider(
        () -> Files.createDirectory(root.path().resolve("e" + counter++)).toFile()));
    running.start();
    try {
      return Ping.await(new InetSocketAddress("127.0.0.1", port), start, TIMEOUT, running::isActive);
    } finally {
      stop();
    }
  }

  /** A port free right now: embedded-redis needs a TCP port and cannot pick one itself. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port", e);
    }
  }

  private void stop() throws IOException {
    if (running != null) {
      RedisServer server = running;
      running = null;
      server.stop();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded-redis", e);
    } finally {
      root.close();
    }
  }
}
