package io.redistenancy.internal.local;

import io.redistenancy.Access;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The local backend's edit of a rendered redis.conf: every start, first or after a crash, begins
 * without TCP ({@code port 0}, {@code tls-port 0}, the bind address and TLS files kept) so that the
 * port is taken afterwards by {@link PortBinding}, atomically. A TLS_ONLY tenant also gets its socket,
 * private to the library's user (0600 in the home's 0700 run directory), as the backend's admin channel;
 * it is not one of the tenant's endpoints.
 */
final class DeferredListeners {
  private static final Pattern PORT = Pattern.compile("(?m)^port [0-9]+$");
  private static final Pattern TLS_PORT = Pattern.compile("(?m)^tls-port [0-9]+$");
  /** What ConfigRenderer accepts as a path: no space, quote or control character can reach the file. */
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./@+-]*");

  private DeferredListeners() {}

  static String apply(String config, Access access, Path socket) {
    String deferred = TLS_PORT.matcher(PORT.matcher(config).replaceAll("port 0")).replaceAll("tls-port 0");
    if (access != Access.TLS_ONLY) {
      return deferred;
    }
    String path = socket.toString();
    if (!SAFE_PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("the socket path " + path.replaceAll("\\p{Cntrl}", "?")
          + " has characters redis.conf cannot carry safely");
    }
    return deferred + "unixsocket " + path + "\nunixsocketperm "
        + Integer.toOctalString(TenantPaths.SOCKET_PERMISSIONS) + "\n";
  }
}
