package io.redistenancy.systemd.internal;

import io.redistenancy.Access;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the template unit and the per-instance drop-in. Only checked values reach them: names
 * from {@link InstanceNames} and {@link TenantId}, paths checked by the settings, and numbers.
 *
 * <p>The template carries everything that is the same for every tenant, above all the sandbox; the
 * drop-in carries who the instance runs as, whose it is (owner, tenant, spec hash and, with TCP, that
 * it has a port and its access, on its first line) and the plan's hard limits, so a plan change
 * rewrites only the drop-in. Only an instance with a TCP port has its sandbox opened, to loopback
 * alone. The port itself is given at run time and kept in the instance's port file
 * ({@link InstanceNames#portFile}), so it changes without a {@code daemon-reload}.
 */
final class UnitFiles {
  /** The first line of every drop-in; {@link #parseMark(String)} reads it back. */
  static final String MARK_PREFIX = "# redis-tenancy";
  /** {@code port=N}: written before ports were given at run time (the config then named N); now {@code tcp}. */
  private static final Pattern MARK = Pattern.compile("# redis-tenancy owner=([A-Za-z0-9_-]+) tenant=([a-z0-9-]+)"
      + " spec=([0-9a-f]*)(?: (?:port=([0-9]{1,5})|(tcp)) access=(PLAIN|TLS_ONLY|DUAL))?");

  private static final Pattern PORT_LINE = Pattern.compile("(?m)^(?:tls-)?port ([0-9]{1,5})$");

  private final SystemdSettings settings;
  private final InstanceNames names;

  UnitFiles(SystemdSettings settings, InstanceNames names) {
    this.settings = settings;
    this.names = names;
  }

  /** The template unit, {@code NAME@.service}. */
  String template() {
    String conf = names.configRoot() + "/%i.conf";
    String unit = names.unitName();
    long timeout = settings.startTimeout().toSeconds();
    return String.join("\n",
        "# Installed by redis-tenancy (systemd backend); rewritten when the backend starts. Do not edit.",
        "# Each instance %i has a drop-in with its user, owner and limits.",
        "[Unit]",
        "Description=Redis of redis-tenancy instance %i",
        "ConditionPathExists=" + conf,
        "StartLimitIntervalSec=60",
        "StartLimitBurst=10",
        "",
        "[Service]",
        "Type=notify",
        "# never root: without its drop-in (User=, DynamicUser=no) an instance gets a throw-away user",
        "# that cannot read any tenant's config",
        "DynamicUser=yes",
        "NotifyAccess=main",
        "ExecStart=" + settings.redisServer() + " " + conf + " --supervised systemd",
        "Restart=on-failure",
        "RestartSec=500ms",
        "TimeoutStartSec=" + timeout,
        "TimeoutStopSec=" + timeout,
        "RuntimeDirectory=" + unit + "/%i",
        "RuntimeDirectoryMode=0750",
        "StateDirectory=" + unit + "/%i",
        "StateDirectoryMode=0700",
        "ReadWritePaths=/var/lib/" + unit + "/%i /run/" + unit + "/%i",
        "UMask=0077",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "PrivateNetwork=yes",
        "IPAddressDeny=any",
        "ProtectHostname=yes",
        "ProtectClock=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "ProtectProc=invisible",
        "ProcSubset=pid",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=",
        "AmbientCapabilities=",
        "RestrictAddressFamilies=AF_UNIX",
        "RestrictNamespaces=yes",
        "RestrictRealtime=yes",
        "RestrictSUIDSGID=yes",
        "LockPersonality=yes",
        "MemoryDenyWriteExecute=yes",
        "RemoveIPC=yes",
        "DevicePolicy=closed",
        "KeyringMode=private",
        "SystemCallArchitectures=native",
        "SystemCallFilter=@system-service",
        "SystemCallFilter=~@privileged @resources",
        "SystemCallErrorNumber=EPERM",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "");
  }

  /**
   * The drop-in of one instance: who it runs as, whose it is, its plan's hard limits and, with
   * {@code tcp}, the network it may use.
   */
  String dropIn(InstanceSpec spec, boolean tcp) {
    TenantId id = spec.id();
    String user = names.user(id);
    Limits limits = limits(spec.plan());
    StringBuilder out = new StringBuilder();
    out.append(MARK_PREFIX).append(" owner=").append(names.ownerId()).append(" tenant=").append(id.value())
        .append(" spec=").append(spec.hash());
    if (tcp) {
      out.append(" tcp access=").append(spec.plan().access().name());
    }
    out.append('\n');
    out.append("# Rendered by redis-tenancy from plan ").append(spec.plan().name())
        .append("; rewritten on every plan change. Do not edit.\n");
    out.append("[Service]\n");
    if (settings.dynamicUser()) {
      // allocated at start; the static group of the same tenant alone reads the config
      out.append("DynamicUser=yes\n");
      out.append("User=").append(names.dynamicUser(id)).append('\n');
      out.append("SupplementaryGroups=").append(user).append('\n');
    } else {
      out.append("DynamicUser=no\n");
      out.append("User=").append(user).append('\n');
      out.append("Group=").append(user).append('\n');
    }
    settings.clientGroup().ifPresent(group -> {
      String dir = "/run/" + names.unitName() + "/%i";
      // RuntimeDirectory= is re-owned to User:Group before every Exec*, so the group changes after start;
      // -h: as root, never through a link the tenant's user may have put in the directory it owns
      out.append("ExecStartPost=+/bin/chgrp -h ").append(group).append(' ').append(dir).append(' ')
          .append(dir).append('/').append(InstanceNames.SOCKET_NAME).append('\n');
    });
    out.append("MemoryAccounting=yes\n");
    out.append("MemoryMax=").append(limits.memoryMax().toBytes()).append('\n');
    out.append("MemoryHigh=").append(limits.memoryHigh().toBytes()).append('\n');
    out.append("MemorySwapMax=0\n");
    out.append("TasksMax=").append(settings.tasksMax()).append('\n');
    out.append("CPUQuota=").append(settings.cpuQuotaPercent()).append("%\n");
    out.append("LimitNOFILE=").append(limits.openFiles()).append('\n');
    if (tcp) {
      out.append(LOOPBACK_NETWORK);
    }
    return out.toString();
  }

  /**
   * What an instance listening on a TCP port of 127.0.0.1 needs beyond the template's sandbox: the
   * host's network namespace and the IP address families; the template's {@code IPAddressDeny=any}
   * stays, so its sockets exchange packets with loopback addresses only.
   */
  private static final String LOOPBACK_NETWORK =
      "# TCP on 127.0.0.1 (the port is in its port file): the host's loopback only, every other address stays denied\n"
      + "PrivateNetwork=no\n"
      + "RestrictAddressFamilies=\n"
      + "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n"
      + "IPAddressAllow=localhost\n";

  /**
   * The hard limits of a plan: {@code MemoryMax} is {@code maxmemory} plus Redis's own overhead plus,
   * for persistent plans, headroom for the copy-on-write of a save fork; {@code MemoryHigh} (where
   * the kernel starts reclaiming and throttling, cgroup v2) is 90% of it; both in whole MiB.
   */
  Limits limits(Plan plan) {
    long max = plan.maxMemory().toBytes() + settings.memoryOverhead().toBytes();
    if (plan.persistence().usesRdb() || plan.persistence().usesAof()) {
      max += plan.maxMemory().toBytes() / 100 * settings.forkHeadroomPercent();
    }
    // whole MiB, as the kernel keeps limits in whole pages
    long mib = 1024 * 1024;
    long memoryMax = (max + mib - 1) / mib * mib;
    long memoryHigh = memoryMax / 10 * 9 / mib * mib;
    return new Limits(MemorySize.ofBytes(memoryMax), MemorySize.ofBytes(memoryHigh), plan.maxClients() + 64);
  }

  /**
   * Reads the mark on a drop-in's first line; one without TCP is a PLAIN instance. The port is the
   * one an old mark names, else 0 until {@link Mark#withPort} adds the port file's.
   */
  static Optional<Mark> parseMark(String line) {
    Matcher m = MARK.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    int port = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    boolean tcp = m.group(4) != null || m.group(5) != null;
    Access access = m.group(6) == null ? Access.PLAIN : Access.valueOf(m.group(6));
    return Optional.of(new Mark(m.group(1), m.group(2), m.group(3), tcp, port, access));
  }

  /** The port a port file's first directive ({@code port N} or {@code tls-port N}) names, else 0. */
  static int parsePortFile(String content) {
    Matcher m = PORT_LINE.matcher(content);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** A port file: the listener's directive, or none (the instance then starts on its socket alone). */
  static String portFile(Access access, int port) {
    if (port == 0) {
      return "# no TCP port yet: redis-tenancy gives it at run time (CONFIG SET) and writes it here\n";
    }
    return "# given by redis-tenancy at run time; a restart by systemd keeps it. Do not edit.\n"
        + (access.usesTls() ? "tls-port " : "port ") + port + "\n";
  }

  record Limits(MemorySize memoryMax, MemorySize memoryHigh, int openFiles) {}

  /**
   * Whose an instance is, the spec it was rendered from, and how clients reach it: with {@code tcp}
   * on {@code port} (0 while it has none yet), else on its socket only.
   */
  record Mark(String ownerId, String tenant, String specHash, boolean tcp, int port, Access access) {
    Mark withPort(int newPort) {
      return tcp && newPort != 0 ? new Mark(ownerId, tenant, specHash, true, newPort, access) : this;
    }
  }
}
