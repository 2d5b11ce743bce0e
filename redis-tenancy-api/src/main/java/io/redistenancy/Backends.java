package io.redistenancy;

import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.local.LocalBackend;
import io.redistenancy.internal.local.LocalSettings;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The backends this module ships. Docker and systemd backends live in their own modules. */
public final class Backends {
  private Backends() {}

  /** The embedded default: one {@code redis-server} child process per tenant, on this machine. */
  public static Local local() {
    return new Local();
  }

  /**
   * Tenants as ACL users with a key prefix on shared Redis servers or clusters that someone else
   * runs; see {@link SharedServers}.
   */
  public static SharedServers sharedServers() {
    return new SharedServers();
  }

  /**
   * Tenants that are whole Redis servers that already exist, each registered by address and an
   * admin user; see {@link RegisteredServers}.
   */
  public static RegisteredServers registeredServers() {
    return new RegisteredServers();
  }

  /**
   * Settings of the local backend; pass it to {@code RedisTenancy.Builder.backend(…)}. The
   * {@code redis-server} binary is looked up in this order: {@link #binary(Path)}, the environment
   * variable {@code REDIS_TENANCY_REDIS_SERVER}, the system property
   * {@code redistenancy.redis-server}, then {@code PATH}. Redis 6.2 or newer is required.
   */
  public static final class Local implements BackendFactory {
    private Path binary;
    private Lifecycle lifecycle = Lifecycle.ATTACHED;
    private int firstPort;
    private int lastPort;
    private int maxRestarts = 5;
    private Duration stopTimeout = Duration.ofSeconds(10);

    private Local() {}

    /** The {@code redis-server} binary to run. */
    public Local binary(Path binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /** Whether instances end with the JVM (default {@link Lifecycle#ATTACHED}) or outlive it. */
    public Local lifecycle(Lifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    /**
     * Also listen on TCP at 127.0.0.1, on a port from {@code first..last} (inclusive), reserved per
     * tenant and test-bound before use. Off by default: instances listen on a UNIX socket only.
     */
    public Local tcpPorts(int first, int last) {
      PortAllocator.checkRange(first, last);
      this.firstPort = first;
      this.lastPort = last;
      return this;
    }

    /**
     * How many crashes in a row are restarted (with backoff) before the tenant is marked FAILED;
     * default 5.
     */
    public Local maxRestarts(int maxRestarts) {
      if (maxRestarts < 0 || maxRestarts > 100) {
        throw new InvalidRequestException("maxRestarts " + maxRestarts + " is out of range; allowed 0 to 100");
      }
      this.maxRestarts = maxRestarts;
      return this;
    }

    /** How long a stop waits for a clean shutdown before killing; default 10s. */
    public Local stopTimeout(Duration stopTimeout) {
      Objects.requireNonNull(stopTimeout, "stopTimeout");
      if (stopTimeout.isNegative() || stopTimeout.isZero()) {
        throw new InvalidRequestException("stopTimeout " + stopTimeout + " must be positive");
      }
      this.stopTimeout = stopTimeout;
      return this;
    }

    @Override
    public Backend create(BackendContext context) {
      return LocalBackend.open(context,
          new LocalSettings(Optional.ofNullable(binary), lifecycle, firstPort, lastPort, maxRestarts, stopTimeout));
    }
  }
}
