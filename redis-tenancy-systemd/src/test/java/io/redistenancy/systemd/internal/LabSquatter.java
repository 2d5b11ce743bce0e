package io.redistenancy.systemd.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain listener on a loopback port inside the lab (whose network is its own: a squatter on this
 * host would not compete with the lab's instances), another program than Redis: perl, which every
 * Debian has. It reports each connection and every byte received; it ends when its standard input
 * closes, so nothing of it outlives {@link #close()}.
 */
final class LabSquatter implements AutoCloseable {
  private static final String PERL = "use IO::Socket::INET; use IO::Select; $| = 1;"
      + " my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ARGV[0], Listen => 16, ReuseAddr => 1)"
      + " or die \"bind: $!\\n\"; print \"listening\\n\"; my $s = IO::Select->new($l, \\*STDIN);"
      + " while (1) { for my $h ($s->can_read) {"
      + " if ($h == $l) { my $c = $l->accept; $s->add($c); print \"accepted\\n\"; }"
      + " elsif (fileno($h) == 0) { exit 0 unless sysread(STDIN, my $b, 1); }"
      + " else { my $n = sysread($h, my $b, 4096); if ($n) { print 'received ', unpack('H*', $b), \"\\n\"; }"
      + " else { $s->remove($h); close $h; } } } }";

  private final Process process;
  private final List<String> said = new CopyOnWriteArrayList<>();

  private LabSquatter(Process process) {
    this.process = process;
  }

  /** Listens on 127.0.0.1:{@code port} in the lab; returns once it does. */
  static LabSquatter on(int port) {
    SystemdLab.require();
    try {
      Process process = new ProcessBuilder("docker", "exec", "-i", SystemdLab.CONTAINER, "perl", "-e", PERL,
          Integer.toString(port)).redirectErrorStream(true).start();
      LabSquatter squatter = new LabSquatter(process);
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (!"listening".equals(first)) {
        process.destroy();
        throw new IllegalStateException("the squatter cannot listen on " + port + " in the lab: " + first);
      }
      Thread reader = new Thread(() -> out.lines().forEach(squatter.said::add), "lab-squatter-" + port);
      reader.setDaemon(true);
      reader.start();
      return squatter;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many connections it accepted. */
  long connections() {
    return said.stream().filter("accepted"::equals).count();
  }

  /** Every byte it received, in order. */
  String received() {
    StringBuilder hex = new StringBuilder();
    said.stream().filter(l -> l.startsWith("received ")).forEach(l -> hex.append(l.substring(9)));
    return new String(java.util.HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close(); // perl ends at the end of its input
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
