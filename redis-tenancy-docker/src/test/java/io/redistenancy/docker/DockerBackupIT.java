package io.redistenancy.docker;

import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backup, restore (data written through the container's bind mount) and clone on a real engine. */
class DockerBackupIT extends BackupContract {
  /** Skips each test, with the reason, where no engine or image is available. */
  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @Override
  protected BackendFactory backend() {
    return DockerBackends.docker().image(DockerTestSupport.image());
  }
}
