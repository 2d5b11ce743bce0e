package io.redistenancy.systemd.internal;

import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the machine's drop-ins say: the {@link UnitFiles.Mark} on the first line of every instance's
 * drop-in of the template unit, of every home on the machine, read in one command; and from them
 * with what listens there, the TCP ports a new tenant must not take. The JVM may run elsewhere (a
 * command runner), so ports are checked on the machine, never test-bound here.
 */
final class InstanceMarks {
  /**
   * Prints {@code PATH<TAB>FIRST LINE<TAB>PORT} of every drop-in named $2 of the template unit $1,
   * PORT the directive in the instance's port file in the config root $3 (empty without one).
   */
  private static final String LIST = Scripts.load("list-drop-ins.sh");
  /** The mark of drop-in $1 and the port in port file $2. */
  private static final String ONE = Scripts.load("one-drop-in.sh");
  /** The machine's TCP sockets as the kernel lists them, IPv4 and IPv6. */
  private static final String TCP_SOCKETS = Scripts.load("tcp-sockets.sh");
  /** {@code st} of a listening socket in /proc/net/tcp. */
  private static final String LISTEN = "0A";

  private final Machine machine;
  private final InstanceNames names;

  InstanceMarks(Machine machine, InstanceNames names) {
    this.machine = machine;
    this.names = names;
  }

  /** Every marked drop-in by its path. */
  Map<Path, UnitFiles.Mark> all() {
    return marks(run(LIST + "true").stdout());
  }

  /** The mark of the tenant's drop-in, if it has one. */
  Optional<UnitFiles.Mark> of(TenantId id) {
    Result r = machine.script(ONE, names.dropIn(id).toString(), names.portFile(id).toString());
    if (!r.ok()) {
      return Optional.empty();
    }
    int newline = r.stdout().indexOf('\n');
    String first = newline < 0 ? r.stdout() : r.stdout().substring(0, newline);
    int port = newline < 0 ? 0 : UnitFiles.parsePortFile(r.stdout().substring(newline + 1));
    return UnitFiles.parseMark(first).map(mark -> mark.withPort(port));
  }

  /** The machine's drop-in marks and listening TCP ports, read in one command. */
  View view() {
    String out = run(LIST + TCP_SOCKETS + "true").stdout();
    return new View(marks(out), listeningPorts(out));
  }

  /** What {@link #view()} read. */
  record View(Map<Path, UnitFiles.Mark> marks, Set<Integer> listening) {
    /** The mark of the drop-in at {@code dropIn}, if there is one. */
    Optional<UnitFiles.Mark> of(Path dropIn) {
      return Optional.ofNullable(marks.get(dropIn));
    }

    /** Ports an instance of any home keeps (running or not), and ports something listens on now. */
    Set<Integer> portsInUse() {
      Set<Integer> ports = new HashSet<>(listening);
      marks.values().forEach(mark -> ports.add(mark.port()));
      ports.remove(0);
      return ports;
    }
  }

  private Result run(String script) {
    Result r = machine.script(script, names.unitName(), InstanceNames.DROP_IN_NAME, names.configRoot().toString());
    return machine.check(List.of("sh", "list drop-ins"), r);
  }

  static Map<Path, UnitFiles.Mark> marks(String listing) {
    Map<Path, UnitFiles.Mark> marks = new LinkedHashMap<>();
    for (String line : listing.split("\n")) {
      String[] fields = line.split("\t", -1);
      if (fields.length >= 2 && !fields[0].isEmpty()) {
        int port = fields.length > 2 ? UnitFiles.parsePortFile(fields[2]) : 0;
        UnitFiles.parseMark(fields[1]).ifPresent(mark -> marks.put(Path.of(fields[0]), mark.withPort(port)));
      }
    }
    return marks;
  }

  /** The local ports of listening sockets in /proc/net/tcp lines: {@code sl local_address rem_address st …}. */
  static Set<Integer> listeningPorts(String procNetTcp) {
    Set<Integer> ports = new HashSet<>();
    for (String line : procNetTcp.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length > 3 && fields[3].equals(LISTEN) && fields[1].matches("[0-9A-F]+:[0-9A-F]{4}")) {
        ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
      }
    }
    return ports;
  }
}
