package io.redistenancy.internal.local;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every local-backend IT shares: a temp root for its homes, Lettuce clients, and the check that
 * no redis-server started under the root outlives the class.
 */
abstract class LocalBackendTestBase {
  @TempDir
  static Path root;
  static RedisClients redis;

  @BeforeAll
  static void clients() {
    redis = new RedisClients();
  }

  @AfterAll
  static void noLeftovers() throws IOException {
    redis.close();
    Processes.assertNoneLeftUnder(root);
  }
}
