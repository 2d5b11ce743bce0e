package io.redistenancy.systemd.internal;

import io.redistenancy.Access;
import io.redistenancy.ProvisioningFailedException;
import io.redistenancy.internal.ListenerProof;
import io.redistenancy.internal.PortAllocator;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives a started unit its TCP port, atomically with respect to every other process on the machine:
 * the instance starts on its UNIX socket only ({@code port 0}, see
 * {@link io.redistenancy.internal.DeferredListeners}), then {@code CONFIG SET port}/{@code tls-port}
 * goes over that socket with the backend's own login; Redis binds the port itself and refuses
 * cleanly when anything holds it, and then the next port of the range is tried. A port Redis took is
 * proven to be held by the unit's main process ({@link ListenerProof}, from the machine's
 * {@code /proc}) before anyone is told about it. The caller then writes it to the instance's port
 * file, which the config includes: a restart by systemd (a crash, a reboot) binds it again at once.
 *
 * <p>The socket lies in the unit's RuntimeDirectory, which only the tenant's user can write: what
 * answers there is the tenant's own instance, so the backend's password goes nowhere else. It
 * travels on {@code redis-cli}'s standard input, never on a command line.
 */
final class UnitPorts {
  /**
   * Sends standard input (AUTH, CONFIG SET) to the socket $1 with redis-cli $3, then prints the
   * machine's TCP tables and what the file descriptors of unit $2's main process are.
   */
  private static final String TAKE = Scripts.load("take-port.sh");

  private final Machine machine;
  private final InstanceNames names;
  private final PortAllocator ports;
  private final String redisCli;

  UnitPorts(Machine machine, InstanceNames names, PortAllocator ports, String redisCli) {
    this.machine = machine;
    this.names = names;
    this.ports = ports;
    this.redisCli = redisCli;
  }

  /**
   * Binds the running instance's TCP (PLAIN) or TLS (DUAL, TLS_ONLY) listener to {@code preferred}
   * if it can, else to another port of the range that {@code inUse} (other instances', listeners on
   * the machine) does not name.
   *
   * @return the port the instance now listens on
   * @throws ProvisioningFailedException if no port of the range could be taken
   */
  int bind(TenantId id, String login, Access access, int preferred, Set<Integer> inUse) {
    String directive = access.usesTls() ? "tls-port" : "port";
    Set<Integer> avoid = new HashSet<>(inUse);
    avoid.remove(preferred);
    int candidate = preferred;
    while (true) {
      int port = ports.reserve(id.value(), candidate, avoid); // throws once every port was tried
      if (take(id, login, directive, port)) {
        return port;
      }
      avoid.add(port);
      ports.release(id.value(), port);
      candidate = 0;
    }
  }

  /** CONFIG SET of the listener; false when Redis could not listen there (someone else's port). */
  private boolean take(TenantId id, String login, String directive, int port) {
    byte[] commands = ("AUTH " + AclUser.ADMIN_NAME + " " + login + "\nCONFIG SET " + directive + " " + port + "\n")
        .getBytes(StandardCharsets.UTF_8);
    List<String> argv = List.of("sh", "-c", TAKE, "sh", names.socket(id).toString(), names.unit(id), redisCli);
    Result r = machine.check(argv, machine.tryRun(argv, commands));
    List<String> replies = Section.REPLIES.of(r.stdout());
    if (replies.size() < 2 || !replies.get(0).strip().equals("OK")) {
      throw new ProvisioningFailedException("Tenant '" + id + "': the instance of " + names.unit(id)
          + " refused the systemd backend's login on its socket " + names.socket(id) + ": "
          + String.join(" / ", replies).strip());
    }
    String set = replies.get(1).strip();
    if (set.contains("Unable to listen")) {
      return false;
    }
    if (!set.equals("OK")) {
      throw new ProvisioningFailedException("Tenant '" + id + "': CONFIG SET " + directive + " " + port
          + " failed on " + names.unit(id) + ": " + set);
    }
    Set<String> inodes = ListenerProof.listeningInodes(Section.TABLES.of(r.stdout()), port);
    return ListenerProof.holdsOneOf(Section.FDS.of(r.stdout()), inodes);
  }

  /** The parts of {@link #TAKE}'s output. */
  private enum Section {
    REPLIES(null), TABLES("--- tcp tables"), FDS("--- fds");

    final String mark;

    Section(String mark) {
      this.mark = mark;
    }

    List<String> of(String output) {
      List<String> lines = output.lines().toList();
      int from = mark == null ? 0 : lines.indexOf(mark) + 1;
      if (mark != null && from == 0) {
        return List.of();
      }
      int to = from;
      while (to < lines.size() && !lines.get(to).startsWith("--- ")) {
        to++;
      }
      return lines.subList(from, to);
    }
  }
}
