package io.redistenancy.docker.internal;

import io.redistenancy.Access;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.Checked;
import io.redistenancy.internal.DeferredSync;
import io.redistenancy.internal.KeptData;
import io.redistenancy.spi.ConfigRenderer;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One tenant's files on the host, under {@code <work>/tenants/<tenant>/}, and where the container sees
 * them:
 *
 * <pre>
 * conf/redis.conf, conf/users.acl  →  /etc/redis-tenancy/  (read-only; rendered by ConfigRenderer)
 * conf/tls-server.crt, .key, tls-ca.crt                    (a TLS tenant's material, same mount)
 * data/                            →  /data                (0700, owned by the container user)
 * run/redis.sock                   ←  /run/redis-tenancy/  (the UNIX socket, 0700 directory)
 * spec-hash                            the hash of the spec last applied (labels cannot change)
 * access                               PLAIN, TLS_ONLY or DUAL: which endpoints the container has
 * </pre>
 */
final class TenantFiles {
  static final Path CONTAINER_CONF_DIR = Path.of("/etc/redis-tenancy");
  static final Path CONTAINER_CONF = CONTAINER_CONF_DIR.resolve("redis.conf");
  static final Path CONTAINER_DATA = Path.of("/data");
  static final Path CONTAINER_RUN = Path.of("/run/redis-tenancy");
  static final int CONTAINER_PORT = 6379;
  private static final String SOCKET = "redis.sock";
  private static final String TLS_CERT = "tls-server.crt";
  private static final String TLS_KEY = "tls-server.key";
  private static final String TLS_CA = "tls-ca.crt";
  /** sun_path holds 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 107;

  private final TenantId id;
  private final Path dir;

  TenantFiles(Path workDirectory, TenantId id) {
    this.id = id;
    this.dir = workDirectory.toAbsolutePath().resolve("tenants").resolve(id.value());
  }

  Path directory() {
    return dir;
  }

  Path confDir() {
    return dir.resolve("conf");
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  Path runDir() {
    return dir.resolve("run");
  }

  /** The UNIX socket as clients on the host reach it. */
  Path hostSocket() {
    return runDir().resolve(SOCKET);
  }

  boolean exists() {
    return Files.isDirectory(dir);
  }

  /** @throws InvalidRequestException if the socket path would be too long for a UNIX socket */
  void checkSocketPath() {
    int length = hostSocket().toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH) {
      throw new InvalidRequestException("the UNIX socket of tenant '" + id + "' would be " + hostSocket() + " ("
          + length + " bytes), longer than the " + MAX_SOCKET_PATH + " bytes a socket path may have; use a "
          + "shorter tenancy home, or TCP only (DockerBackends.docker().unixSocket(false).tcp(…))");
    }
  }

  /**
   * The layout inside the container: what {@link ConfigRenderer} writes into redis.conf. A TLS tenant
   * gets TLS on the published port instead of plaintext TCP, and TLS_ONLY no socket.
   */
  static InstanceLayout layout(boolean unixSocket, boolean tcp, Access access) {
    InstanceLayout.Builder layout = InstanceLayout.builder()
        .dataDirectory(CONTAINER_DATA)
        .aclFile(CONTAINER_CONF_DIR.resolve("users.acl"));
    if (unixSocket && access != Access.TLS_ONLY) {
      layout.unixSocket(CONTAINER_RUN.resolve(SOCKET), 0600);
    }
    if (access.usesTls()) {
      if (!tcp) {
        throw new IllegalArgumentException("access " + access + " needs a published TCP port: DockerBackends.docker().tcp(…)");
      }
      layout.tls("0.0.0.0", new InstanceLayout.TlsFiles(CONTAINER_PORT, CONTAINER_CONF_DIR.resolve(TLS_CERT),
          CONTAINER_CONF_DIR.resolve(TLS_KEY), CONTAINER_CONF_DIR.resolve(TLS_CA)));
    } else if (tcp) {
      layout.tcp("0.0.0.0", CONTAINER_PORT);
    }
    return layout.build();
  }

  /** How the tenant was last rendered; PLAIN for files written before TLS. */
  Access access() {
    try {
      return Access.valueOf(Files.readString(dir.resolve("access")).trim());
    } catch (IOException | IllegalArgumentException e) {
      return Access.PLAIN;
    }
  }

  /**
   * Creates the directories and writes redis.conf and the ACL file for {@code spec}. The container
   * user owns data and run; the configuration stays this JVM's, readable by the container's group
   * when this JVM is root (and so can hand files to another uid).
   */
  void write(InstanceSpec spec, InstanceLayout layout, ContainerUser user) {
    DeferredSync files = new DeferredSync();
    write(spec, layout, user, files);
    files.sync();
  }

  /**
   * As {@link #write(InstanceSpec, InstanceLayout, ContainerUser)}, the files durable only after
   * {@code later.sync()}: a fresh container can boot on them meanwhile.
   */
  void write(InstanceSpec spec, InstanceLayout layout, ContainerUser user, DeferredSync later) {
    HostFiles.directory(dir, "rwx------", HostFiles.Owner.KEEP);
    HostFiles.Owner config = user.jvmIsRoot() ? new HostFiles.Owner(0, user.gid()) : HostFiles.Owner.KEEP;
    HostFiles.directory(confDir(), user.jvmIsRoot() ? "rwxr-x---" : "rwx------", config);
    String fileMode = user.jvmIsRoot() ? "rw-r-----" : "rw-------";
    HostFiles.write(confDir().resolve("users.acl"), ConfigRenderer.aclFile(spec.users()), fileMode, config, later);
    HostFiles.write(confDir().resolve("redis.conf"), ConfigRenderer.redisConf(spec, layout), fileMode, config, later);
    spec.tlsMaterial().ifPresent(tls -> {
      // the key first: Redis reads the pair only at start or on CONFIG SET, never half-written
      HostFiles.write(confDir().resolve(TLS_KEY), tls.keyPem(), fileMode, config, later);
      HostFiles.write(confDir().resolve(TLS_CERT), tls.certificatePem(), fileMode, config, later);
      HostFiles.write(confDir().resolve(TLS_CA), tls.caBundlePem(), fileMode, config, later);
    });
    HostFiles.write(dir.resolve("access"), spec.plan().access().name() + "\n", "rw-------", HostFiles.Owner.KEEP, later);
    HostFiles.Owner container = user.jvmIsRoot() ? new HostFiles.Owner(user.uid(), user.gid()) : HostFiles.Owner.KEEP;
    HostFiles.directory(dataDir(), "rwx------", container);
    HostFiles.directory(runDir(), "rwx------", container);
    HostFiles.write(dir.resolve("spec-hash"), spec.hash() + "\n", "rw-------", HostFiles.Owner.KEEP, later);
  }

  /** The spec hash last written, if any. */
  Optional<String> specHash() {
    try {
      return Optional.of(Files.readString(dir.resolve("spec-hash")).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Moves the data directory to {@code keptDir/<tenant>-<yyyyMMddTHHmmssZ>} ({@link KeptData}'s layout,
   * {@code -2}, {@code -3} … when that is taken) and returns the new location.
   */
  Path keepData(Path keptDir, Instant when) {
    HostFiles.directory(keptDir, "rwx------", HostFiles.Owner.KEEP);
    String base = KeptData.entryName(id.value(), when);
    Path target = keptDir.resolve(base);
    for (int i = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
      target = keptDir.resolve(base + "-" + i);
    }
    Path kept = target;
    if (!Files.isDirectory(dataDir())) {
      return HostFiles.directory(kept, "rwx------", HostFiles.Owner.KEEP);
    }
    return Checked.io("move " + dataDir() + " to " + kept, () -> Files.move(dataDir(), kept),
        ProvisioningFailedException::new);
  }

  void deleteAll() {
    HostFiles.deleteRecursively(dir);
  }
}
