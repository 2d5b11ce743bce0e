package io.redistenancy.docker;

import io.redistenancy.contract.TenancyContract;
import io.redistenancy.spi.BackendFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suite every backend passes, on the Docker backend (socket and TCP) on a real engine. */
class DockerContractIT extends TenancyContract {
  /** Skips each test, with the reason, where no engine or image is available. */
  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @Override
  protected BackendFactory backend() {
    return DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", 22000, 22199);
  }

  /** 12 containers at once rather than 200: each tenant is a real container here. */
  @Override
  protected int parallelThreads() {
    return 4;
  }

  @Override
  protected int tenantsPerThread() {
    return 3;
  }
}
