package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.redistenancy.benchmarks.TempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * What a suite on codemonstur embedded-redis does for isolation: a new server per test
 * ({@code new RedisServer(port)}, {@code start()}), a Lettuce connection, the first command,
 * {@code stop()}. The binary is extracted below a root of ours, deleted at the end.
 */
final class EmbeddedPerTest implements AutoCloseable {
  private final TempDir root = TempDir.create("rtb-emb-");
  private final RedisClient client;
  private int counter;

  EmbeddedPerTest(RedisClient client) {
    this.client = client;
  }

  long oneTestNanos() throws IOException {
    int port = freePort();
    long start = System.nanoTime();
    RedisServer server = new RedisServer(port, ExecutableProvider.newJarResourceProvider(
        () -> Files.createDirectory(root.path().resolve("e" + counter++)).toFile()));
    server.start();
    try (var connection = client.connect(RedisURI.create("127.0.0.1", port))) {
      TestkitOverhead.firstCommand(connection);
    } finally {
      server.stop();
    }
    return System.nanoTime() - start;
  }

  /** embedded-redis needs a TCP port and cannot pick one itself. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port", e);
    }
  }

  @Override
  public void close() {
    root.close();
  }
}
