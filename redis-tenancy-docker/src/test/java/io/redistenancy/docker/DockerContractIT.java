package io.redistenancy.docker;

import com.github.dockerjava.api.DockerClient;
import io.redistenancy.contract.TenancyContract;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite every backend passes, on the Docker backend (socket and TCP) on a real engine. */
class DockerContractIT extends TenancyContract {
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
