package io.redistenancy.systemd;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.systemd.internal.SystemdBackend;
import io.redistenancy.systemd.internal.SystemdSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The systemd backend: one instance of a template unit ({@code redis-tenant@.service} by default) per
 * tenant, each under its own system user, sandboxed and with hard limits from the tenant's plan.
 *
 * <pre>{@code
 * RedisTenancy tenancy = RedisTenancy.builder()
 *     .home(Path.of("/var/lib/redis-tenancy"))
 *     .backend(SystemdBackends.systemd().clientGroup("www-data"))
 *     .build();
 * }</pre>
 *
 * <h2>What it makes, per tenant</h2>
 * <ul>
 *   <li>a system user and group ({@code rt<owner>-<tenant>}), marked with the home's owner id; or,
 *       with {@link Systemd#dynamicUser(boolean) dynamicUser(true)}, only that group (for the config) and a
 *       user systemd allocates while the instance runs ({@code rd<owner>-<tenant>}, DynamicUser=);
 *   <li>{@code CONFIG_ROOT/<instance>.conf} and {@code .acl}: root-owned, mode 0640, readable by the
 *       tenant's group only, in a directory the tenant cannot write; a TLS tenant's
 *       {@code <instance>.server.crt}, {@code .server.key} and {@code .ca.crt} beside them, the same
 *       way (the key travels on standard input, never on a command line or in a log);
 *   <li>a drop-in {@code /etc/systemd/system/<unit>@<instance>.service.d/50-redis-tenancy.conf}
 *       with the user, the owner and spec marks (and the TCP port and access, with one) and the hard
 *       limits ({@code MemoryMax}, {@code MemoryHigh}, {@code TasksMax}, {@code CPUQuota},
 *       {@code LimitNOFILE});
 *   <li>data in {@code /var/lib/<unit>/<instance>} (StateDirectory, 0700), the socket in
 *       {@code /run/<unit>/<instance>/redis.sock} (RuntimeDirectory; mode 0660, group the
 *       {@link Systemd#clientGroup(String) client group} or else the tenant's own group).
 * </ul>
 * The instance name is {@code <owner tag>-<tenant>}: two homes on one host never share a unit.
 *
 * <h2>TCP and TLS</h2>
 * With {@link Systemd#tcpPorts(int, int) tcpPorts(first, last)}, each new tenant also gets a port on
 * 127.0.0.1, recorded in its drop-in: plaintext TCP for PLAIN, TLS for TLS_ONLY (no socket) and DUAL
 * (beside the socket), like the local backend; the backend then offers {@code Capability.TCP} and
 * {@code TLS}. Only such an instance's drop-in opens its sandbox, and to loopback alone:
 * {@code PrivateNetwork=no}, {@code RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6},
 * {@code IPAddressAllow=localhost} with the template's {@code IPAddressDeny=any}. A renewed certificate
 * is written over the old files atomically, and the engine reloads it live. Without
 * {@code tcpPorts} instances listen on their UNIX socket only and the backend refuses TLS tenants.
 *
 * <h2>Checks</h2>
 * The template and every drop-in pass {@code systemd-analyze verify} with no output. The threshold
 * for {@code systemd-analyze security --offline=true} on an instance is an exposure of at most 1.0
 * ("SAFE"; the instances score 0.5), and the integration tests hold the units to it. An instance
 * with a TCP port measures 1.3 ("OK"; the host's network, Internet sockets and a loopback allow list
 * weigh in), and the tests hold those to 1.3.
 *
 * <h2>Requirements</h2>
 * systemd as PID 1 (version 247 or newer), {@code redis-server} 6.2+, root. Every command goes
 * through a {@link CommandRunner}, so the backend can also drive a systemd inside a container.
 */
public final class SystemdBackends {
  private SystemdBackends() {}

  /** The systemd backend with default settings. */
  public static Systemd systemd() {
    return new Systemd();
  }

  /**
   * Settings of the systemd backend; pass it to {@code RedisTenancy.Builder.backend(…)}. Each setter
   * checks its value; {@link #create(BackendContext)} leaves the settings usable.
   */
  public static final class Systemd implements BackendFactory {
    private static final Pattern UNIT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");
    private static final Pattern GROUP = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

    private String unitName = "redis-tenant";
    private Path configRoot = Path.of("/etc/redis-tenancy");
    private String clientGroup;
    private CommandRunner commandRunner = CommandRunner.local();
    private Path clientSocketDirectory;
    private Path redisServer = Path.of("/usr/bin/redis-server");
    private int tasksMax = 64;
    private int cpuQuotaPercent = 100;
    private MemorySize memoryOverhead = MemorySize.ofMegabytes(32);
    private int forkHeadroomPercent = 50;
    private Duration startTimeout = Duration.ofSeconds(90);
    private boolean dynamicUser;
    private int firstPort;
    private int lastPort;

    private Systemd() {}

    /**
     * The template unit's name without {@code @.service}; default {@code redis-tenant}. Also names
     * the state and runtime directories ({@code /var/lib/NAME}, {@code /run/NAME}).
     */
    public Systemd unitName(String unitName) {
      Objects.requireNonNull(unitName, "unitName");
      require(UNIT_NAME.matcher(unitName).matches(), "unitName '" + printable(unitName)
          + "' is invalid; use 2-32 characters of a-z 0-9 -, starting with a letter");
      this.unitName = unitName;
      return this;
    }

    /** Where configurations go (root-owned, not writable by tenants); default {@code /etc/redis-tenancy}. */
    public Systemd configRoot(Path configRoot) {
      this.configRoot = safePath("configRoot", configRoot);
      return this;
    }

    /**
     * Run each instance as a user systemd allocates when it starts and releases when it stops
     * ({@code DynamicUser=yes}; its data then live under {@code /var/lib/private}) instead of a
     * system user in /etc/passwd. The tenant keeps a system group, which alone can read its config.
     * Default false.
     */
    public Systemd dynamicUser(boolean dynamicUser) {
      this.dynamicUser = dynamicUser;
      return this;
    }

    /**
     * Also give each new tenant a TCP port from {@code first..last} (inclusive) on 127.0.0.1: plaintext
     * for PLAIN tenants, TLS for TLS_ONLY and DUAL ones, which need it (Redis has no TLS on UNIX
     * sockets). A tenant keeps its port for life; the port recorded in its drop-in survives restarts
     * and a new backend (keep this setting on a home whose tenants have ports: without it, every
     * instance is taken as socket-only). Only such an instance's sandbox lets it use IPv4/IPv6, on
     * loopback alone. Off by default: instances listen on their UNIX socket only, and the backend
     * refuses TLS tenants.
     */
    public Systemd tcpPorts(int first, int last) {
      PortAllocator.checkRange(first, last);
      this.firstPort = first;
      this.lastPort = last;
      return this;
    }

    /**
     * A group (created if missing) that owns every tenant's socket directory and socket, so its
     * members (a web server, an application's user) can connect; tenants' own users are not in it.
     * By default each socket belongs to its tenant's group.
     */
    public Systemd clientGroup(String clientGroup) {
      Objects.requireNonNull(clientGroup, "clientGroup");
      require(GROUP.matcher(clientGroup).matches(), "clientGroup '" + printable(clientGroup)
          + "' is not a valid group name (a-z 0-9 _ -, at most 32)");
      this.clientGroup = clientGroup;
      return this;
    }

    /** How commands reach the machine; default {@link CommandRunner#local()}. */
    public Systemd commandRunner(CommandRunner commandRunner) {
      this.commandRunner = Objects.requireNonNull(commandRunner, "commandRunner");
      return this;
    }

    /**
     * Where clients find {@code /run/UNIT_NAME}, when that differs from the path systemd sees (a
     * systemd in a container whose runtime directory is bind-mounted); default the same path.
     */
    public Systemd clientSocketDirectory(Path clientSocketDirectory) {
      Objects.requireNonNull(clientSocketDirectory, "clientSocketDirectory");
      require(clientSocketDirectory.isAbsolute(), "clientSocketDirectory " + clientSocketDirectory + " is not absolute");
      this.clientSocketDirectory = clientSocketDirectory;
      return this;
    }

    /** The {@code redis-server} binary as systemd sees it; default {@code /usr/bin/redis-server}. */
    public Systemd redisServer(Path redisServer) {
      this.redisServer = safePath("redisServer", redisServer);
      return this;
    }

    /** {@code TasksMax=} of every instance; default 64 (Redis uses under 10 threads and one fork). */
    public Systemd tasksMax(int tasksMax) {
      require(tasksMax >= 16 && tasksMax <= 4096, "tasksMax " + tasksMax + " is out of range; allowed 16 to 4096");
      this.tasksMax = tasksMax;
      return this;
    }

    /** {@code CPUQuota=} of every instance in percent of one CPU; default 100. */
    public Systemd cpuQuotaPercent(int cpuQuotaPercent) {
      require(cpuQuotaPercent >= 1 && cpuQuotaPercent <= 100_000,
          "cpuQuotaPercent " + cpuQuotaPercent + " is out of range; allowed 1 to 100000");
      this.cpuQuotaPercent = cpuQuotaPercent;
      return this;
    }

    /**
     * What Redis needs beyond {@code maxmemory} (its own structures, client buffers); added to the
     * hard limit. Default 32mb.
     */
    public Systemd memoryOverhead(MemorySize memoryOverhead) {
      Objects.requireNonNull(memoryOverhead, "memoryOverhead");
      require(memoryOverhead.compareTo(MemorySize.ofMegabytes(8)) >= 0,
          "memoryOverhead " + memoryOverhead + " is below 8mb; Redis itself needs more");
      this.memoryOverhead = memoryOverhead;
      return this;
    }

    /**
     * Headroom for the copy-on-write of a save fork (RDB or AOF rewrite), in percent of
     * {@code maxmemory}, added to the hard limit of persistent plans; default 50.
     */
    public Systemd forkHeadroomPercent(int forkHeadroomPercent) {
      require(forkHeadroomPercent >= 0 && forkHeadroomPercent <= 200,
          "forkHeadroomPercent " + forkHeadroomPercent + " is out of range; allowed 0 to 200");
      this.forkHeadroomPercent = forkHeadroomPercent;
      return this;
    }

    /** {@code TimeoutStartSec=}/{@code TimeoutStopSec=} (loading or saving a large data set); default 90s. */
    public Systemd startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout");
      require(startTimeout.toSeconds() >= 1 && startTimeout.toSeconds() <= 3600 && startTimeout.getNano() == 0,
          "startTimeout " + startTimeout + " is invalid; use whole seconds from 1 to 3600");
      this.startTimeout = startTimeout;
      return this;
    }

    /** What the backend is created with; read by this module's tests through {@code SettingsAccess}. */
    SystemdSettings settings() {
      return new SystemdSettings(unitName, configRoot, Optional.ofNullable(clientGroup), commandRunner,
          Optional.ofNullable(clientSocketDirectory), redisServer, tasksMax, cpuQuotaPercent, memoryOverhead,
          forkHeadroomPercent, startTimeout, dynamicUser, firstPort, lastPort);
    }

    @Override
    public Backend create(BackendContext context) {
      return SystemdBackend.open(context, settings());
    }

    private static Path safePath(String setting, Path path) {
      Objects.requireNonNull(path, setting);
      require(SAFE_PATH.matcher(path.toString()).matches(), setting + " '" + printable(path.toString())
          + "' is invalid; use an absolute path of letters, digits and . _ - only");
      return path;
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new InvalidRequestException(message);
      }
    }

    private static String printable(String text) {
      return text.replaceAll("\\p{Cntrl}", "?");
    }
  }
}
