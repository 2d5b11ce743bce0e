package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Backends;
import io.redistenancy.internal.redis.RedisBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding redis-server, and saying exactly what to do when it is missing or too old. */
class LocalBinaryIT {
  static final String GUIDANCE = "Install Redis 6.2 or newer (Debian/Ubuntu: apt-get install redis-server;"
      + " macOS: brew install redis) or set REDIS_TENANCY_REDIS_SERVER to the path of a redis-server binary.";

  @TempDir
  static Path root;

  @AfterAll
  static void noLeftovers() throws IOException {
    Processes.assertNoneLeftUnder(root);
  }

  @Test
  void aMissingBinaryIsReportedWithWhereItLookedAndHowToInstall() throws IOException {
    TestContext context = new TestContext(root.resolve("missing"));
    Path missing = root.resolve("nowhere/redis-server");

    assertThatThrownBy(() -> TestContext.open(context, Backends.local().binary(missing)))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage("The local backend needs redis-server, but " + missing + " is not an executable file."
            + " Looked at: Backends.local().binary(" + missing + "). " + GUIDANCE);
    assertEmpty(context.workDirectory());
  }

  @Test
  void aTooOldBinaryIsRefused() throws IOException {
    TestContext context = new TestContext(root.resolve("old"));
    Path old = Scripts.fakeRedis(root.resolve("old-bin/redis-server"), "5.0.0");

    assertThatThrownBy(() -> TestContext.open(context, Backends.local().binary(old)))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage("The local backend needs Redis 6.2 or newer, but " + old + " is version 5.0.0. " + GUIDANCE);
    assertEmpty(context.workDirectory());
  }

  @Test
  void theLookupOrderIsConfiguredThenEnvironmentThenPropertyThenPath() throws IOException {
    Path fake = Scripts.fakeRedis(root.resolve("order/redis-server"), "6.2.1");
    Path emptyDir = Files.createDirectories(root.resolve("empty-path"));

    assertThat(RedisBinary.locate(Optional.of(fake), Map.of(RedisBinary.ENV, "/usr/bin/redis-server"), null).path())
        .isEqualTo(fake);
    assertThat(RedisBinary.locate(Optional.empty(), Map.of(RedisBinary.ENV, fake.toString()), "/usr/bin/redis-server"))
        .isEqualTo(new RedisBinary(fake, "6.2.1"));
    assertThat(RedisBinary.locate(Optional.empty(), Map.of("PATH", emptyDir.toString()), fake.toString()).path())
        .isEqualTo(fake);
    assertThat(RedisBinary.locate(Optional.empty(), Map.of("PATH", emptyDir + ":" + fake.getParent()), null).path())
        .isEqualTo(fake);

    assertThatThrownBy(() -> RedisBinary.locate(Optional.empty(), Map.of("PATH", emptyDir.toString()), null))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessage("The local backend needs redis-server, but none was found. Looked at:"
            + " Backends.local().binary() (not set); environment variable REDIS_TENANCY_REDIS_SERVER (not set);"
            + " system property redistenancy.redis-server (not set); PATH=" + emptyDir
            + " (no redis-server there). " + GUIDANCE);
  }

  @Test
  void theProviderIsAvailableWhereRedisIsInstalled() {
    assertThat(new LocalBackendProvider().unavailableReason()).isEmpty();
    assertThat(new LocalBackendProvider().name()).isEqualTo("local");
  }

  private static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("nothing written to %s", dir).isEmpty();
    }
  }
}
