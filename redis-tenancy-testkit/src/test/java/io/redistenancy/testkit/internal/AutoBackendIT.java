package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AUTO picks the backend a machine has, decided in a child JVM whose environment the test sets: a
 * redis-server on PATH means local processes; none, with a Docker engine, means containers; neither
 * means a failure that says what to install.
 */
class AutoBackendIT {
  private static final String IMAGE = "redis-tenancy-test/redis:7.0";

  @TempDir Path parent;

  @Test
  void localWhenRedisServerIsOnPath() throws Exception {
    assertThat(runChild(false)).contains("BACKEND local redis-server PING PONG");
  }

  @Test
  void dockerWhenNoRedisServerButAnEngine() throws Exception {
    assumeTrue(BackendResolver.dockerUnavailableReason().isEmpty(),
        () -> "skipped: " + BackendResolver.dockerUnavailableReason().orElseThrow());
    assertThat(runChild(true)).contains("BACKEND Docker image " + IMAGE + " PING PONG");
  }

  @Test
  void neitherSaysExactlyWhatToInstall() throws Exception {
    Path socket = parent.resolve("no-engine.sock");
    String output = runChild(true, "unix://" + socket);
    assertThat(output).startsWith("UNAVAILABLE No Redis for the testkit: no redis-server binary was found ("
        + "REDIS_TENANCY_REDIS_SERVER unset, -Dredistenancy.redis-server unset, none on PATH), and no Docker engine "
        + "is reachable (DOCKER_HOST=unix://" + socket + " names a socket that does not exist). Install one of: "
        + "Redis 6.2+")
        .contains("apt-get install redis-server", "brew install redis", "set REDIS_TENANCY_REDIS_SERVER",
            "a running Docker engine plus the test dependency io.redistenancy:redis-tenancy-docker",
            "Testcontainers is not needed", "disabledWithoutRedis = true");
  }

  private String runChild(boolean withoutRedisServer) throws Exception {
    return runChild(withoutRedisServer, null);
  }

  private String runChild(boolean withoutRedisServer, String dockerHost) throws Exception {
    ProcessBuilder child = ChildTestJvm.command(parent, "auto", "-Dredistenancy.testkit.image=" + IMAGE);
    child.environment().remove(BackendResolver.ENV_BINARY);
    if (withoutRedisServer) {
      child.environment().put("PATH", parent.resolve("no-binaries-here").toString());
    }
    if (dockerHost != null) {
      child.environment().put("DOCKER_HOST", dockerHost);
    }
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
