package io.redistenancy.docker;

import com.github.dockerjava.api.DockerClient;
import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Backup, restore (data written through the container's bind mount) and clone on a real engine. */
class DockerBackupIT extends BackupContract {
  private static String unavailable;

  @BeforeAll
  static void engine() throws IOException {
    try (DockerClient docker = DockerTestSupport.dockerClient()) {
      unavailable = DockerTestSupport.unavailableReason(docker);
    }
  }

  @AfterAll
  static void done() {
    DockerTestSupport.shutdownClients();
  }

  /** Skips each test, with the reason, where no engine or image is available. */
  @Override
  protected BackendFactory backend() {
    DockerTestSupport.assumeAvailable(unavailable);
    return DockerBackends.docker().image(DockerTestSupport.image());
  }
}
