package io.redistenancy.internal.local;

import io.redistenancy.ProvisioningFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hands out TCP ports from the configured range, one per tenant. Reservations are made under this
 * object's lock (the backend holds an exclusive lock on its work directory, so no other backend
 * hands out ports from these records); a candidate is test-bound on 127.0.0.1 before it is given
 * out, which skips ports other programs (or other homes) already listen on.
 */
final class PortAllocator {
  static final String LOOPBACK = "127.0.0.1";

  private final int first;
  private final int last;
  private final Map<Integer, String> owners = new HashMap<>();

  /** {@code first == 0} means TCP is off. */
  PortAllocator(int first, int last) {
    this.first = first;
    this.last = last;
  }

  boolean enabled() {
    return first != 0;
  }

  /** Marks a port found in a tenant's record as that tenant's, without binding it. */
  synchronized void restore(String tenant, int port) {
    if (port != 0) {
      owners.putIfAbsent(port, tenant);
    }
  }

  /**
   * The tenant's port: {@code preferred} if it is the tenant's (or free) and can be bound now,
   * otherwise the first free, bindable port of the range other than {@code avoid}.
   */
  synchronized int reserve(String tenant, int preferred, Set<Integer> avoid) {
    if (!enabled()) {
      return 0;
    }
    if (preferred != 0 && !avoid.contains(preferred) && inRange(preferred)) {
      String owner = owners.get(preferred);
      if ((owner == null || owner.equals(tenant)) && canBind(preferred)) {
        owners.put(preferred, tenant);
        return preferred;
      }
    }
    for (int port = first; port <= last; port++) {
      if (!owners.containsKey(port) && !avoid.contains(port) && canBind(port)) {
        release(tenant, preferred);
        owners.put(port, tenant);
        return port;
      }
    }
    throw new ProvisioningFailedException("No free TCP port for tenant '" + tenant + "' in " + first + ".." + last
        + " (" + owners.size() + " reserved by tenants, the rest in use by other programs)."
        + " Widen Backends.local().tcpPorts(first, last).");
  }

  synchronized void release(String tenant, int port) {
    if (port != 0 && tenant.equals(owners.get(port))) {
      owners.remove(port);
    }
  }

  private boolean inRange(int port) {
    return port >= first && port <= last;
  }

  /** Whether nothing listens on 127.0.0.1:port right now (Redis binds with SO_REUSEADDR as well). */
  static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
