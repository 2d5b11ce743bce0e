package io.redistenancy.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.lettuce.core.resource.ClientResources;
import io.redistenancy.spi.Backend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Docker engine of an integration test class ({@code @RegisterExtension static final DockerEngine
 * engine = new DockerEngine();}): one client per class, each test skipped with the reason where no engine
 * or test image is available, and after each test the backends it made closed and every container and
 * network of the owners it used removed, with any extra container it named.
 */
final class DockerEngine implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  static final String OWNER_LABEL = "io.redistenancy.owner";

  private DockerClient docker;
  private ClientResources resources;
  private String unavailable;
  private final List<String> owners = Collections.synchronizedList(new ArrayList<>());
  private final List<Backend> backends = Collections.synchronizedList(new ArrayList<>());
  private final List<String> extraContainers = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void beforeAll(ExtensionContext context) {
    docker = DockerTestSupport.dockerClient();
    unavailable = DockerTestSupport.unavailableReason(docker);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    DockerTestSupport.assumeAvailable(unavailable);
  }

  /** The engine's client, for inspecting what a backend made. */
  DockerClient client() {
    return docker;
  }

  /** Lettuce resources for the test's own clients, shut down after the class. */
  synchronized ClientResources resources() {
    if (resources == null) {
      resources = DockerTestSupport.resources();
    }
    return resources;
  }

  /** A test context in {@code parent} with a random owner, whose containers and networks are removed after the test. */
  DockerTestSupport.TestContext context(java.nio.file.Path parent) throws IOException {
    DockerTestSupport.TestContext context = new DockerTestSupport.TestContext(parent, DockerTestSupport.randomOwner());
    cleanUpOwner(context.ownerId);
    return context;
  }

  /** Removes every container and network labelled with {@code ownerId} after the test. */
  void cleanUpOwner(String ownerId) {
    owners.add(ownerId);
  }

  /** Closes {@code backend} after the test; returns it. */
  Backend closeAfterTest(Backend backend) {
    backends.add(backend);
    return backend;
  }

  /** Removes the container {@code idOrName} (made by the test itself) after the test. */
  void removeAfterTest(String idOrName) {
    extraContainers.add(idOrName);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (unavailable != null) {
      return;
    }
    DockerTestSupport.shutdownClients();
    backends.forEach(Backend::close);
    backends.clear();
    extraContainers.forEach(this::removeQuietly);
    extraContainers.clear();
    for (String owner : owners) {
      for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(OWNER_LABEL, owner)).exec()) {
        removeQuietly(c.getId());
      }
      for (var n : docker.listNetworksCmd().withFilter("label", List.of(OWNER_LABEL + "=" + owner)).exec()) {
        docker.removeNetworkCmd(n.getId()).exec();
      }
    }
    owners.clear();
  }

  private void removeQuietly(String idOrName) {
    try {
      docker.removeContainerCmd(idOrName).withForce(true).exec();
    } catch (RuntimeException e) {
      // removed already
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    DockerTestSupport.shutdownClients();
    if (resources != null) {
      resources.shutdown(200, 2000, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    }
    try {
      docker.close();
    } catch (IOException e) {
      // the test results stand; a client that fails to close holds nothing we need
    }
  }
}
