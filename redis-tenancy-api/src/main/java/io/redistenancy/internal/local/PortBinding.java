package io.redistenancy.internal.local;

import io.redistenancy.Access;
import io.redistenancy.Endpoint;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.ListenerProof;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import io.redistenancy.spi.AclUser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives a started instance its TCP port, atomically with respect to every other process on the
 * machine: redis.conf always says {@code port 0} / {@code tls-port 0} (see {@link DeferredListeners}),
 * so Redis starts on its UNIX socket only, and the port is then set with {@code CONFIG SET} over that
 * socket. Redis binds the port itself and refuses cleanly when anything else holds it; then the next
 * free port of the range is tried. A port Redis took is proven to be held by the instance's process
 * ({@link ListenerProof}) before anyone is told about it.
 *
 * <p>The socket lies in the home's private run directory, so what answers there is the tenant's own
 * instance: the backend's password goes nowhere else.
 */
final class PortBinding {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** Redis opens its socket before it loads its data: this bounds a process that hangs before that. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
  private static final long MAX_PAUSE_NANOS = 10_000_000;

  private final PortAllocator ports;

  PortBinding(PortAllocator ports) {
    this.ports = ports;
  }

  /**
   * Binds the instance's TCP (PLAIN) or TLS (DUAL, TLS_ONLY) listener to {@code preferred} if it can,
   * else to another port of the range.
   *
   * @return the port the instance now listens on
   * @throws ProvisioningFailedException if no port of the range could be taken, or the instance did
   *     not answer on its socket in time
   */
  int bind(String tenant, ProcessHandle process, Path socket, String password, int preferred, Access access) {
    String directive = access.usesTls() ? "tls-port" : "port";
    try (RespConnection admin = connect(tenant, process, socket, password)) {
      Set<Integer> refused = new HashSet<>();
      int candidate = preferred;
      while (true) {
        int port = ports.reserve(tenant, candidate, refused); // throws once every port was tried
        if (take(admin, directive, port) && ListenerProof.listensOn(process.pid(), port)) {
          return port;
        }
        refused.add(port);
        ports.release(tenant, port);
        candidate = 0;
      }
    } catch (IOException e) {
      throw new ProvisioningFailedException("Tenant '" + tenant + "': cannot give redis-server pid " + process.pid()
          + " its TCP port over " + socket + ": " + e.getMessage(), e);
    }
  }

  /** CONFIG SET of the listener; false when Redis could not listen there (the port is someone else's). */
  private static boolean take(RespConnection admin, String directive, int port) throws IOException {
    try {
      admin.call("CONFIG", "SET", directive, Integer.toString(port));
      return true;
    } catch (RespException e) {
      if (e.getMessage().contains("Unable to listen")) {
        return false;
      }
      throw e;
    }
  }

  /** Waits for the instance's socket to accept the backend's login (Redis listens before it loads data). */
  private RespConnection connect(String tenant, ProcessHandle process, Path socket, String password)
      throws IOException {
    long deadline = System.nanoTime() + SOCKET_TIMEOUT.toNanos();
    long pause = 200_000;
    String problem = "no answer";
    while (Liveness.running(process)) {
      RespConnection conn = null;
      try {
        conn = RespConnection.open(Endpoint.unixSocket(socket), COMMAND_TIMEOUT);
        conn.auth(AclUser.ADMIN_NAME, password);
        return conn;
      } catch (IOException e) {
        problem = e.getMessage();
      } catch (RespException e) {
        if (!"LOADING".equals(e.code())) {
          close(conn);
          throw new ProvisioningFailedException("Tenant '" + tenant + "': redis-server pid " + process.pid()
              + " refused the local backend's login on " + socket + ": " + e.getMessage(), e);
        }
        problem = "loading";
      }
      close(conn);
      if (System.nanoTime() - deadline > 0) {
        throw new ProvisioningFailedException("Tenant '" + tenant + "': redis-server pid " + process.pid()
            + " did not answer on " + socket + " within " + SOCKET_TIMEOUT.toMillis() + " ms (" + problem + ")");
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
    throw new ProvisioningFailedException("Tenant '" + tenant + "': redis-server pid " + process.pid()
        + " exited before it could be given its TCP port");
  }

  private static void close(RespConnection conn) {
    if (conn != null) {
      conn.close();
    }
  }
}
