package io.redistenancy.docker;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.docker.internal.DockerBackend;
import io.redistenancy.docker.internal.DockerSettings;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Docker backend: one hardened container per tenant, on a Docker engine reached with docker-java.
 *
 * <pre>{@code
 * RedisTenancy tenancy = RedisTenancy.builder()
 *     .home(home)
 *     .backend(DockerBackends.docker().image("redis:7.4.6").tcp("127.0.0.1", 16400, 16499))
 *     .build();
 * }</pre>
 */
public final class DockerBackends {
  private DockerBackends() {}

  /** Settings with the defaults below; pass them to {@code RedisTenancy.Builder.backend(…)}. */
  public static Docker docker() {
    return new Docker();
  }

  /**
   * Settings of the Docker backend. Each container runs {@code redis-server} only (the image needs
   * nothing else: no shell, no entrypoint script) with a read-only root file system, a non-root user,
   * every capability dropped, {@code no-new-privileges}, a pids limit, a memory limit equal to its
   * memory+swap limit, a tmpfs for scratch and the restart policy {@code unless-stopped}. Its
   * configuration and ACL file are mounted read-only from the tenancy's home; its data live in a
   * per-tenant directory there (0700, owned by the container user).
   *
   * <p>Clients reach an instance over a UNIX socket in a per-tenant directory of the home (default),
   * and over TCP on {@link #tcp(String, int, int) a published port} if configured. The engine must run
   * on this machine: the home's directories are bind-mounted.
   *
   * <p>The engine is {@link #dockerHost(String)}, else {@code DOCKER_HOST}, else the default socket.
   */
  public static final class Docker implements BackendFactory {
    /**
     * The production default: an official image, pinned (never {@code latest}); 7.4.6 is the first 7.4
     * release with the fixes for every tenant-reachable code-execution bug known (Lua: CVE-2025-49844,
     * -46817, -46818, -46819; HyperLogLog: CVE-2025-32023), and 7.4 is a maintained line.
     */
    public static final String DEFAULT_IMAGE = "redis:7.4.6";
    /** The CPU limit of every container unless {@link #cpus(double)} says otherwise: one CPU. */
    public static final double DEFAULT_CPUS = 1.0;
    /** The uid and gid of the {@code redis} user in the official images. */
    public static final int DEFAULT_UID = 999;

    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");
    private static final Pattern HOST = Pattern.compile("(unix|tcp|npipe)://\\S+");

    private String image = DEFAULT_IMAGE;
    private String dockerHost;
    private Path engineCertificates;
    private boolean unixSocket = true;
    private String bindAddress;
    private int firstPort;
    private int lastPort;
    private boolean networkPerTenant = true;
    private Integer uid;
    private Integer gid;
    private long pidsLimit = 64;
    private double cpus = DEFAULT_CPUS;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private final Set<String> acknowledgedVersions = new TreeSet<>();
    /** The backends made from these settings and not closed yet, by their tenancy's home. */
    private final Map<Path, DockerBackend> open = new ConcurrentHashMap<>();

    private Docker() {}

    /**
     * The image to run; it must contain {@code redis-server} (6.2 or newer) on its {@code PATH}.
     * Default {@value #DEFAULT_IMAGE}; pulled when missing. {@code latest} is refused: pin a version.
     */
    public Docker image(String image) {
      Objects.requireNonNull(image, "image");
      if (!IMAGE.matcher(image).matches()) {
        throw new InvalidRequestException("image '" + shown(image) + "' is not an image reference; use e.g. "
            + DEFAULT_IMAGE);
      }
      if (image.endsWith(":latest") || !image.substring(image.lastIndexOf('/') + 1).contains(":")
          && !image.contains("@")) {
        throw new InvalidRequestException("image '" + image + "' is not pinned; name a version tag such as "
            + DEFAULT_IMAGE + " (never latest)");
      }
      this.image = image;
      return this;
    }

    /** The engine, e.g. {@code unix:///var/run/docker.sock}; default {@code DOCKER_HOST} or that socket. */
    public Docker dockerHost(String dockerHost) {
      Objects.requireNonNull(dockerHost, "dockerHost");
      if (!HOST.matcher(dockerHost).matches()) {
        throw new InvalidRequestException("dockerHost '" + shown(dockerHost)
            + "' is invalid; use unix:///path/to/docker.sock or tcp://host:port");
      }
      this.dockerHost = dockerHost;
      return this;
    }

    /**
     * Talks to a remote engine over TLS ({@code dockerd --tlsverify}) with the client certificates in
     * {@code certDirectory}, laid out as Docker's own {@code DOCKER_CERT_PATH}: {@code ca.pem} (the
     * engine's CA), {@code cert.pem} and {@code key.pem} (this client). The engine's certificate is
     * verified. Use with {@link #dockerHost(String) dockerHost("tcp://host:2376")}; without this,
     * {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} apply as for the docker CLI.
     */
    public Docker dockerTls(Path certDirectory) {
      Objects.requireNonNull(certDirectory, "certDirectory");
      List<String> missing = Stream.of("ca.pem", "cert.pem", "key.pem")
          .filter(f -> !Files.isRegularFile(certDirectory.resolve(f))).toList();
      if (!missing.isEmpty()) {
        throw new InvalidRequestException("dockerTls directory " + certDirectory + " lacks " + String.join(", ", missing)
            + "; it needs ca.pem (the engine's CA), cert.pem and key.pem (the client's), as DOCKER_CERT_PATH does");
      }
      this.engineCertificates = certDirectory.toAbsolutePath();
      return this;
    }

    /**
     * Whether instances listen on a UNIX socket in the home (default true). Turning it off requires
     * {@link #tcp(String, int, int)}.
     */
    public Docker unixSocket(boolean unixSocket) {
      this.unixSocket = unixSocket;
      return this;
    }

    /**
     * Also publish each instance over TCP on {@code bindAddress} (e.g. {@code 127.0.0.1}), on a port
     * of {@code firstPort..lastPort} (inclusive) reserved per tenant under a lock and checked against
     * the ports the engine already publishes. Off by default.
     */
    public Docker tcp(String bindAddress, int firstPort, int lastPort) {
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (!bindAddress.matches("[0-9a-fA-F.:]{2,45}")) {
        throw new InvalidRequestException("bindAddress '" + shown(bindAddress)
            + "' is not an IP address; use e.g. 127.0.0.1");
      }
      PortAllocator.checkRange(firstPort, lastPort);
      this.bindAddress = bindAddress;
      this.firstPort = firstPort;
      this.lastPort = lastPort;
      return this;
    }

    /**
     * Give each TCP-published instance its own bridge network (labelled, inter-container traffic off)
     * instead of the engine's default bridge, where containers reach each other (default true).
     * Instances without TCP have no network at all either way. Each network takes a subnet from the
     * engine's {@code default-address-pools}; the stock pools hold about 30, so for more TCP tenants
     * give the engine a larger pool with small subnets (daemon.json, e.g. base 10.200.0.0/16, size 28).
     */
    public Docker networkPerTenant(boolean networkPerTenant) {
      this.networkPerTenant = networkPerTenant;
      return this;
    }

    /**
     * The uid and gid containers run as. Default: {@value #DEFAULT_UID}:{@value #DEFAULT_UID} when this
     * JVM runs as root (it then owns the data directories for that user), otherwise this JVM's own
     * uid and gid. Root (0) is refused.
     */
    public Docker user(int uid, int gid) {
      if (uid <= 0 || gid <= 0) {
        throw new InvalidRequestException("user " + uid + ":" + gid + " is invalid; containers never run as "
            + "root: use a uid and gid of 1 or more, e.g. " + DEFAULT_UID + ":" + DEFAULT_UID);
      }
      this.uid = uid;
      this.gid = gid;
      return this;
    }

    /** The most processes and threads a container may have; default 64. */
    public Docker pidsLimit(long pidsLimit) {
      if (pidsLimit < 8 || pidsLimit > 32768) {
        throw new InvalidRequestException("pidsLimit " + pidsLimit + " is out of range; allowed 8 to 32768");
      }
      this.pidsLimit = pidsLimit;
      return this;
    }

    /**
     * A CPU limit per container in CPUs (e.g. 0.5); default {@value #DEFAULT_CPUS} (Redis runs its
     * commands on one thread: one CPU keeps one tenant from starving the others of the machine's
     * cores); 0 for no limit.
     */
    public Docker cpus(double cpus) {
      if (!(cpus >= 0 && cpus <= 1024)) {
        throw new InvalidRequestException("cpus " + cpus + " is out of range; allowed 0 (no limit) to 1024");
      }
      this.cpus = cpus;
      return this;
    }

    /** How long a stop waits for Redis to save and exit before the engine kills it; default 10s. */
    public Docker stopTimeout(Duration stopTimeout) {
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      if (stopTimeout.isNegative() || stopTimeout.isZero() || stopTimeout.toSeconds() > 3600) {
        throw new InvalidRequestException("stopTimeout " + stopTimeout + " is invalid; use 1s to 1h");
      }
      this.stopTimeout = stopTimeout;
      return this;
    }

    /**
     * A Redis version (as its {@code INFO} says, e.g. {@code 7.0.15}) the operator has checked to carry
     * the fixes for the vulnerabilities the backend warns about, such as a distribution's build with
     * backports: its tenants get an info log line instead of a warning and a
     * {@code VULNERABLE_VERSION} event. May be called more than once.
     */
    public Docker acknowledgeVersion(String redisVersion) {
      Objects.requireNonNull(redisVersion, "redisVersion");
      if (!redisVersion.matches("[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,6}")) {
        throw new InvalidRequestException("redisVersion '" + shown(redisVersion)
            + "' is not a Redis version; use its three numbers as INFO's redis_version shows them, e.g. 7.0.15");
      }
      acknowledgedVersions.add(redisVersion);
      return this;
    }

    /**
     * Connects to the engine and returns the backend, which keeps the settings as they are now (later
     * changes apply to the next backend only). Keep this object to hand it to {@link FleetUpgrade}.
     *
     * @throws io.redistenancy.BackendUnavailableException if the engine does not answer
     * @throws InvalidRequestException if neither a UNIX socket nor TCP is on
     */
    @Override
    public Backend create(BackendContext context) {
      Objects.requireNonNull(context, "context");
      Path home = context.home().toAbsolutePath().normalize();
      DockerBackend backend = DockerBackend.open(context, settings(), closed -> open.remove(home, closed));
      open.put(home, backend);
      return backend;
    }

    /**
     * The settings as they are now, for a backend to keep.
     *
     * @throws InvalidRequestException if neither a UNIX socket nor TCP is on
     */
    DockerSettings settings() {
      return new DockerSettings(image, Optional.ofNullable(dockerHost), Optional.ofNullable(engineCertificates),
          unixSocket, Optional.ofNullable(bindAddress), firstPort, lastPort, networkPerTenant, Optional.ofNullable(uid),
          Optional.ofNullable(gid), pidsLimit, cpus, stopTimeout, acknowledgedVersions);
    }

    /** The backend these settings made for the tenancy at {@code home}, while it is open: for {@link FleetUpgrade}. */
    Optional<DockerBackend> openBackend(Path home) {
      return Optional.ofNullable(open.get(home.toAbsolutePath().normalize()));
    }

    private static String shown(String text) {
      String masked = text.replaceAll("\\p{Cntrl}", "?");
      return masked.length() > 60 ? masked.substring(0, 60) + "…" : masked;
    }
  }
}
