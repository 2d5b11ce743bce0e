package io.redistenancy.internal;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.ProvisioningFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Hands out TCP ports from a backend's configured range, one per tenant, for instances that listen
 * on {@link #LOOPBACK}. Reservations are made under this object's lock; a candidate must also pass
 * the backend's {@code free} check (the local backend test-binds it on this machine, which skips
 * ports other programs or other homes already listen on).
 */
public final class PortAllocator {
  public static final String LOOPBACK = "127.0.0.1";
  private static final int LOWEST = 1024;
  private static final int HIGHEST = 65535;

  private final int first;
  private final int last;
  private final IntPredicate free;
  private final String settings;
  private final Map<Integer, String> owners = new HashMap<>();

  /**
   * @param first the range's first port; 0 means TCP is off
   * @param free whether a port not reserved here may be given out now
   * @param settings the settings to widen when the range runs out, e.g. {@code Backends.local()}
   */
  public PortAllocator(int first, int last, IntPredicate free, String settings) {
    this.first = first;
    this.last = last;
    this.free = free;
    this.settings = settings;
  }

  /** Ports of {@code first..last} that nothing on this machine listens on at the moment they are taken. */
  public static PortAllocator bindableHere(int first, int last, String settings) {
    return new PortAllocator(first, last, PortAllocator::canBind, settings);
  }

  /**
   * Checks a range a user configures, as every backend's {@code tcpPorts}-like setting does.
   *
   * @throws InvalidRequestException naming the range and what is allowed
   */
  public static void checkRange(int first, int last) {
    if (first < LOWEST || last > HIGHEST || first > last) {
      throw new InvalidRequestException("TCP port range " + first + ".." + last
          + " is invalid; use first <= last within " + LOWEST + ".." + HIGHEST);
    }
  }

  public boolean enabled() {
    return first != 0;
  }

  /** Marks a port found in a tenant's record as that tenant's, without binding it. */
  public synchronized void restore(String tenant, int port) {
    if (port != 0) {
      owners.putIfAbsent(port, tenant);
    }
  }

  /**
   * The tenant's port: {@code preferred} if it is the tenant's (or free) and passes the free check
   * now, otherwise the first free port of the range other than {@code avoid}; 0 when TCP is off.
   */
  public synchronized int reserve(String tenant, int preferred, Set<Integer> avoid) {
    if (!enabled()) {
      return 0;
    }
    if (preferred != 0 && !avoid.contains(preferred) && inRange(preferred)) {
      String owner = owners.get(preferred);
      if ((owner == null || owner.equals(tenant)) && free.test(preferred)) {
        owners.put(preferred, tenant);
        return preferred;
      }
    }
    for (int port = first; port <= last; port++) {
      if (!owners.containsKey(port) && !avoid.contains(port) && free.test(port)) {
        release(tenant, preferred);
        owners.put(port, tenant);
        return port;
      }
    }
    throw new ProvisioningFailedException("No free TCP port for tenant '" + tenant + "' in " + first + ".." + last
        + " (" + owners.size() + " reserved by tenants, the rest in use by other programs)."
        + " Widen " + settings + ".tcpPorts(first, last).");
  }

  public synchronized void release(String tenant, int port) {
    if (port != 0 && tenant.equals(owners.get(port))) {
      owners.remove(port);
    }
  }

  /** Releases every port reserved for the tenant. */
  public synchronized void releaseAll(String tenant) {
    owners.values().removeIf(tenant::equals);
  }

  private boolean inRange(int port) {
    return port >= first && port <= last;
  }

  /** Whether nothing listens on 127.0.0.1:port right now (Redis binds with SO_REUSEADDR as well). */
  public static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
