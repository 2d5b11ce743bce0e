package io.redistenancy.internal;

import io.redistenancy.Access;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A backend's edit of a rendered redis.conf for atomic TCP ports: the instance starts without TCP
 * ({@code port 0}, {@code tls-port 0}, the bind address and TLS files kept) so that the port is taken
 * afterwards with {@code CONFIG SET} over its UNIX socket, which fails cleanly when the port is
 * someone else's (the local backend's {@code PortBinding}, the systemd backend's). A TLS_ONLY tenant
 * also gets its socket, private to the backend (e.g. 0600), as the backend's admin channel; it is not
 * one of the tenant's endpoints.
 */
public final class DeferredListeners {
  private static final Pattern PORT = Pattern.compile("(?m)^port [0-9]+$");
  private static final Pattern TLS_PORT = Pattern.compile("(?m)^tls-port [0-9]+$");
  /** What ConfigRenderer accepts as a path: no space, quote or control character can reach the file. */
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./@+-]*");

  private DeferredListeners() {}

  public static String apply(String config, Access access, Path socket, int socketPermissions) {
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
        + Integer.toOctalString(socketPermissions) + "\n";
  }
}
