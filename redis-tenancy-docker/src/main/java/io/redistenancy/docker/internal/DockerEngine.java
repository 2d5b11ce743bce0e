package io.redistenancy.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.TenancyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A docker-java client on the zerodep transport, plus the few queries the backend makes more than
 * once. Failures to reach the engine become {@link BackendUnavailableException}; the engine's own
 * refusals ({@link DockerException}) are left to the caller, who knows what was being done.
 */
final class DockerEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);

  private final DockerClient client;
  private final String host;

  private DockerEngine(DockerClient client, String host) {
    this.client = client;
    this.host = host;
  }

  /** A client for {@code DOCKER_HOST} (and its TLS settings) or the default socket. */
  static DockerEngine connect(Duration responseTimeout) {
    return connect(null, null, responseTimeout);
  }

  /**
   * A client for {@code dockerHost}, or {@code DOCKER_HOST} / the default socket when null; over TLS
   * with the client certificates in {@code certDirectory} when it is not null.
   */
  static DockerEngine connect(String dockerHost, Path certDirectory, Duration responseTimeout) {
    DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (dockerHost != null) {
      config.withDockerHost(dockerHost);
    }
    if (certDirectory != null) {
      config.withDockerTlsVerify(true).withDockerCertPath(certDirectory.toString());
    }
    DockerClientConfig built = config.build();
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(built.getDockerHost())
        .sslConfig(built.getSSLConfig())
        .maxConnections(64)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(responseTimeout)
        .build();
    return new DockerEngine(DockerClientImpl.getInstance(built, http), built.getDockerHost().toString());
  }

  DockerClient client() {
    return client;
  }

  /** Where the engine is, for messages. */
  String host() {
    return host;
  }

  /**
   * Pings the engine and returns its version.
   *
   * @throws BackendUnavailableException if it does not answer
   */
  String ping() {
    try {
      return call("ping the Docker engine", () -> {
        client.pingCmd().exec();
        var version = client.versionCmd().exec();
        return version.getVersion() + " (API " + version.getApiVersion() + ")";
      });
    } catch (DockerException e) {
      // it answers, but not to us: most often a TLS engine (dockerd --tlsverify) spoken to in plain HTTP
      throw new BackendUnavailableException("The Docker engine at " + host + " refused this client ("
          + rootMessage(e) + "). If it requires TLS, give DockerBackends.docker().dockerTls(certDirectory) "
          + "(ca.pem, cert.pem, key.pem) or set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH.", e);
    }
  }

  /**
   * Runs one engine call; a failure to reach the engine (not a refusal) becomes
   * {@link BackendUnavailableException} naming the engine.
   */
  <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (DockerException e) {
      throw e;
    } catch (RuntimeException e) {
      if (e instanceof io.redistenancy.TenancyException) {
        throw e;
      }
      throw new BackendUnavailableException("cannot " + what + ": the Docker engine at " + host
          + " does not answer (" + rootMessage(e) + "). Start the engine (dockerd), or point DOCKER_HOST or "
          + "DockerBackends.docker().dockerHost(…) at a running one.", e);
    }
  }

  void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  /** Starts a container; one that runs already is fine. */
  void start(String containerId) {
    run("start a container", () -> {
      try {
        client.startContainerCmd(containerId).exec();
      } catch (NotModifiedException e) {
        // already running
      }
    });
  }

  /** Stops a container, waiting up to {@code timeout} for a clean exit; a stopped or gone one is fine. */
  boolean stop(String containerId, Duration timeout) {
    return call("stop a container", () -> {
      try {
        client.stopContainerCmd(containerId).withTimeout((int) timeout.toSeconds()).exec();
        return true;
      } catch (NotModifiedException | NotFoundException e) {
        return false; // stopped or gone already
      }
    });
  }

  /** Removes a container (forced) and its anonymous volumes; a gone one is fine. */
  void remove(String containerId) {
    run("remove a container", () -> {
      try {
        client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException e) {
        // gone already
      }
    });
  }

  void rename(String containerId, String name) {
    run("rename a container", () -> client.renameContainerCmd(containerId).withName(name).exec());
  }

  /** Every container (running or not) labelled with {@code labels}. */
  List<Container> containers(Map<String, String> labels) {
    return call("list containers", () -> client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
  }

  Optional<InspectContainerResponse> inspect(String containerId) {
    return call("inspect a container", () -> {
      try {
        return Optional.of(client.inspectContainerCmd(containerId).exec());
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    });
  }

  /** Networks labelled with {@code labels}. */
  List<Network> networks(Map<String, String> labels) {
    List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    return call("list networks", () -> client.listNetworksCmd().withFilter("label", filter).exec());
  }

  /**
   * Every host port the engine publishes or will publish when a container starts: running containers'
   * published ports and the port bindings of every container that is not running.
   */
  Set<Integer> publishedPorts() {
    Set<Integer> ports = new HashSet<>();
    for (Container c : call("list containers", () -> client.listContainersCmd().withShowAll(true).exec())) {
      if ("running".equals(c.getState())) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getPublicPort() != null) {
            ports.add(p.getPublicPort());
          }
        }
      } else {
        try {
          inspect(c.getId()).ifPresent(i -> ports.addAll(hostPorts(i)));
        } catch (TenancyException unreadable) {
          // a foreign container docker-java cannot parse (e.g. a capability its enum lacks): the port is
          // still test-bound before use, so skipping it here costs nothing but an early warning
          LOG.debug("cannot read the port bindings of container {}: {}", c.getId(), unreadable.getMessage());
        }
      }
    }
    return ports;
  }

  /** The host ports a container's configuration binds. */
  static Set<Integer> hostPorts(InspectContainerResponse container) {
    Set<Integer> ports = new HashSet<>();
    if (container.getHostConfig() == null || container.getHostConfig().getPortBindings() == null) {
      return ports;
    }
    for (Ports.Binding[] bindings : container.getHostConfig().getPortBindings().getBindings().values()) {
      if (bindings == null) {
        continue;
      }
      for (Ports.Binding b : bindings) {
        String spec = b.getHostPortSpec();
        if (spec != null && spec.matches("\\d{1,5}")) {
          ports.add(Integer.parseInt(spec));
        }
      }
    }
    return ports;
  }

  /** The last {@code lines} lines of a container's output; empty when there is none. */
  String logTail(String containerId, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              synchronized (out) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
              }
            }
          }).awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return "";
    }
    synchronized (out) {
      return out.toString().strip();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = rootCause(e);
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.strip();
  }

  /** The innermost cause of {@code e} (null for null). */
  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t != null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
