package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.redistenancy.Persistence;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.docker.DockerTestSupport.TestContext;
import io.redistenancy.docker.DockerTestSupport.TestTenant;
import io.redistenancy.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-wide port lock: in a private directory, not in {@code /tmp} where any local user can hold
 * it, and waited for only so long. Runs as root (as the suite does), so the lock is under /run.
 */
class DockerPortLockIT {
  private static final Path OLD_LOCK = Path.of("/tmp/redis-tenancy-docker-ports.lock");
  private static final Path LOCK_DIRECTORY = Path.of("/run/redis-tenancy");
  private static final int FIRST_PORT = 23400;

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  private TestContext context() throws IOException {
    return engine.context(temp);
  }

  private Backend backend(TestContext context) {
    return engine.closeAfterTest(DockerTestSupport.settings(FIRST_PORT).create(context));
  }

  @Test
  void aLockHeldInTmpByAnotherProcessBlocksNoCreate() throws Exception {
    TestContext context = context();
    Backend backend = backend(context);
    TestTenant acme = DockerTestSupport.tenant("acme", 16, Persistence.NONE);
    try (FcntlLockHolder squatter = FcntlLockHolder.hold(OLD_LOCK)) {
      // before the fix the create waited on this lock for as long as the squatter held it
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> backend.provision(acme.spec()));
    }
    assertThat(Files.getAttribute(LOCK_DIRECTORY, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LOCK_DIRECTORY, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwx------");
  }

  @Test
  void aLockHeldTooLongFailsTheCreateWithTheReasonAndLeavesNothing() throws Exception {
    TestContext context = context();
    Backend backend = backend(context);
    TestTenant acme = DockerTestSupport.tenant("acme", 16, Persistence.NONE);
    if (!Files.exists(LOCK_DIRECTORY)) {
      Files.createDirectory(LOCK_DIRECTORY, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    try (FcntlLockHolder holder = FcntlLockHolder.hold(LOCK_DIRECTORY.resolve("docker-ports.lock"))) {
      assertTimeoutPreemptively(Duration.ofSeconds(90), () -> assertThatThrownBy(() -> backend.provision(acme.spec()))
          .isInstanceOf(ProvisioningFailedException.class)
          .hasMessageContaining("/run/redis-tenancy/docker-ports.lock has been held by another process for more than 30s")
          .hasMessageContaining("fuser"));
    }
    assertThat(engine.client().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerEngine.OWNER_LABEL, context.ownerId)).exec()).isEmpty();
    assertThat(context.workDirectory().resolve("tenants")).satisfiesAnyOf(
        dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());
  }
}
