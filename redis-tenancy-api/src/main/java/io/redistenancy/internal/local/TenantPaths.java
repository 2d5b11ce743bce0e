package io.redistenancy.internal.local;

import io.redistenancy.Access;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.internal.KeptData;
import io.redistenancy.internal.LoopbackListeners;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where one tenant's files live under the backend's work directory:
 *
 * <pre>
 * tenants/NAME/            0700
 *   redis.conf, users.acl  0600, rendered only by ConfigRenderer
 *   data/                  0700, Redis's working directory
 *   redis.log              0600, the process's stdout and stderr
 *   instance.properties    0600, the {@link ProcessRecord}
 *   backend.secret         0600, the backend's own admin password ({@link io.redistenancy.internal.BackendLogin})
 *   tls/                   0700, server.crt, server.key, ca.crt (0600) of a TLS tenant
 * run/NAME.sock            the socket, in a short directory because sun_path is 108 bytes
 * retained/NAME-TIMESTAMP/ data kept by a KEEP_DATA removal
 * </pre>
 *
 * Tenants live under {@code tenants/} so that a tenant named {@code run} or {@code retained} cannot
 * collide with the backend's own directories.
 */
final class TenantPaths {
  /** sun_path holds 108 bytes including the terminating NUL. */
  static final int MAX_SOCKET_PATH_BYTES = 107;
  static final int SOCKET_PERMISSIONS = 0600;
  private final TenantId id;
  private final Path dir;
  private final Path socket;

  TenantPaths(Path workDirectory, TenantId id) {
    Path work = workDirectory.toAbsolutePath();
    this.id = id;
    this.dir = tenantsDirectory(work).resolve(id.value());
    this.socket = runDirectory(work).resolve(id.value() + ".sock");
  }

  static Path tenantsDirectory(Path workDirectory) {
    return workDirectory.toAbsolutePath().resolve("tenants");
  }

  static Path runDirectory(Path workDirectory) {
    return workDirectory.toAbsolutePath().resolve("run");
  }

  static Path retainedDirectory(Path workDirectory) {
    return workDirectory.toAbsolutePath().resolve(KeptData.DIRECTORY);
  }

  TenantId id() {
    return id;
  }

  Path directory() {
    return dir;
  }

  Path config() {
    return dir.resolve("redis.conf");
  }

  Path acl() {
    return dir.resolve("users.acl");
  }

  Path data() {
    return dir.resolve("data");
  }

  Path log() {
    return dir.resolve("redis.log");
  }

  Path record() {
    return dir.resolve("instance.properties");
  }

  Path socket() {
    return socket;
  }

  Path backendLogin() {
    return dir.resolve("backend.secret");
  }

  Path tlsDirectory() {
    return dir.resolve("tls");
  }

  InstanceLayout.TlsFiles tlsFiles(int port) {
    Path tls = tlsDirectory();
    return new InstanceLayout.TlsFiles(port, tls.resolve("server.crt"), tls.resolve("server.key"), tls.resolve("ca.crt"));
  }

  /**
   * Where a KEEP_DATA removal at {@code now} moves data/: {@code retained/NAME-yyyyMMddTHHmmssZ}, with
   * a {@code -2}, {@code -3} … suffix if that exists already.
   */
  Path retainedData(Path workDirectory, Instant now) {
    Path retained = retainedDirectory(workDirectory);
    String base = KeptData.entryName(id.value(), now);
    Path target = retained.resolve(base);
    for (int i = 2; Files.exists(target); i++) {
      target = retained.resolve(base + "-" + i);
    }
    return target;
  }

  /** Refuses a socket path the kernel would truncate, before anything is written. */
  void requireShortSocketPath() {
    int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      throw new InvalidRequestException("The UNIX socket path " + socket + " is " + bytes
          + " bytes long; the limit is " + MAX_SOCKET_PATH_BYTES + ". Use a shorter tenancy home"
          + " (e.g. /var/lib/redis-tenancy or ~/.redis-tenancy).");
    }
  }

  /**
   * The layout to render: PLAIN has the socket plus TCP on 127.0.0.1 when {@code port} is not 0;
   * DUAL the socket plus TLS on {@code port}; TLS_ONLY only TLS on {@code port}.
   */
  InstanceLayout layout(int port, Access access) {
    InstanceLayout.Builder b = InstanceLayout.builder().dataDirectory(data()).aclFile(acl());
    return listeners(port, access).addTo(b, socket, SOCKET_PERMISSIONS, this::tlsFiles).build();
  }

  /** Where clients reach the instance, preferred first: the socket where there is one. */
  List<Endpoint> endpoints(int port, Access access) {
    return listeners(port, access).endpoints(socket);
  }

  private static LoopbackListeners listeners(int port, Access access) {
    return new LoopbackListeners(access, port, "Backends.local()");
  }
}
