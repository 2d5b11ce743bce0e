package io.redistenancy.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.redistenancy.spi.InstanceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hardened shape of every tenant container. The image needs nothing but {@code redis-server} on
 * its {@code PATH}: the entrypoint is replaced, nothing runs before Redis, no secret is in the
 * environment or on the command line (the ACL file holds only hashes, and is mounted read-only).
 */
final class ContainerTemplate {
  /** Scratch space; Redis itself writes only to /data and its socket directory. */
  static final Map<String, String> TMPFS = Map.of("/tmp", "rw,noexec,nosuid,nodev,size=16m");
  static final String NO_NEW_PRIVILEGES = "no-new-privileges";

  private final DockerSettings settings;
  private final ContainerUser user;

  ContainerTemplate(DockerSettings settings, ContainerUser user) {
    this.settings = settings;
    this.user = user;
  }

  ContainerUser user() {
    return user;
  }

  /**
   * The create command for one tenant.
   *
   * @param networkMode {@code none} without TCP, else {@code bridge} or the tenant's own network
   * @param hostPort the published port, or 0 for none
   */
  CreateContainerCmd create(DockerClient client, String image, String name, Map<String, String> labels,
      InstanceSpec spec, TenantFiles files, String networkMode, int hostPort) {
    return create(client, image, name, labels, Names.containerMemory(spec.plan().maxMemory()), files, networkMode,
        hostPort);
  }

  /** As above with the memory limit in bytes, e.g. an existing container's. */
  CreateContainerCmd create(DockerClient client, String image, String name, Map<String, String> labels, long memory,
      TenantFiles files, String networkMode, int hostPort) {
    List<Bind> binds = new ArrayList<>();
    binds.add(new Bind(files.confDir().toString(), new Volume(TenantFiles.CONTAINER_CONF_DIR.toString()), AccessMode.ro));
    binds.add(new Bind(files.dataDir().toString(), new Volume(TenantFiles.CONTAINER_DATA.toString()), AccessMode.rw));
    if (settings.unixSocket()) {
      binds.add(new Bind(files.runDir().toString(), new Volume(TenantFiles.CONTAINER_RUN.toString()), AccessMode.rw));
    }
    HostConfig host = HostConfig.newHostConfig()
        .withReadonlyRootfs(true)
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
        .withPidsLimit(settings.pidsLimit())
        .withMemory(memory)
        .withMemorySwap(memory)
        .withTmpFs(TMPFS)
        .withIpcMode("private")
        .withBinds(binds)
        .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
        .withNetworkMode(networkMode)
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "1m", "max-file", "2")));
    if (settings.cpus() > 0) {
      host.withNanoCPUs((long) (settings.cpus() * 1_000_000_000L));
    }
    CreateContainerCmd cmd = client.createContainerCmd(image)
        .withName(name)
        .withLabels(labels)
        .withUser(user.dockerUser())
        .withEntrypoint("redis-server")
        .withCmd(TenantFiles.CONTAINER_CONF.toString())
        .withWorkingDir(TenantFiles.CONTAINER_DATA.toString())
        .withStopSignal("SIGTERM")
        .withStopTimeout((int) settings.stopTimeout().toSeconds())
        .withHostConfig(host);
    if (hostPort != 0) {
      ExposedPort redis = ExposedPort.tcp(TenantFiles.CONTAINER_PORT);
      cmd.withExposedPorts(redis);
      host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(settings.bindAddress().orElseThrow(), hostPort),
          redis));
    }
    return cmd;
  }
}
