package io.redistenancy.benchmarks.tls;

import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmarks/run tls [--n 30] [--warmup 3]}: create to first PING for TLS_ONLY tenants against
 * PLAIN ones in the same run (interleaved), and a new TLS connection to a running tenant (handshake,
 * AUTH, PING) against a new plaintext TCP one.
 */
public final class TlsBenchmark {
  /** A port range of its own, so a parallel test run elsewhere on the box does not collide. */
  private static final int FIRST_PORT = 47000;
  private static final int LAST_PORT = 47999;

  private TlsBenchmark() {}

  record Options(int n, int warmup) {
    static Options parse(String... args) {
      Map<String, Integer> values = new LinkedHashMap<>(Map.of("--n", 30, "--warmup", 3));
      for (int i = 0; i < args.length; i += 2) {
        if (!values.containsKey(args[i]) || i + 1 == args.length) {
          throw new IllegalArgumentException("usage: tls [--n 30] [--warmup 3]; got '" + String.join(" ", args) + "'");
        }
        try {
          values.put(args[i], Integer.parseInt(args[i + 1]));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[i] + " needs a whole number; got '" + args[i + 1] + "'");
        }
        int min = args[i].equals("--warmup") ? 0 : 1;
        if (values.get(args[i]) < min || values.get(args[i]) > 1000) {
          throw new IllegalArgumentException(args[i] + " " + values.get(args[i]) + " is out of range (" + min + " to 1000)");
        }
      }
      return new Options(values.get("--n"), values.get("--warmup"));
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (TempDir home = TempDir.create("rtb-tls-");
        RedisTenancy tenancy = Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home"))
            .backend(Backends.local().tcpPorts(FIRST_PORT, LAST_PORT)).build())) {
      run(tenancy, options, System.out);
    }
  }

  static void run(RedisTenancy tenancy, Options options, PrintStream out) throws Exception {
    double loadBefore = ProcFs.loadAverage();
    List<Long> plain = new ArrayList<>();
    List<Long> tls = new ArrayList<>();
    for (int round = -options.warmup(); round < options.n(); round++) {
      // alternate who goes first, so drift hits both alike
      boolean plainFirst = Math.floorMod(round, 2) == 0;
      long a = createToPing(tenancy, "r" + (round + options.warmup()) + (plainFirst ? "-p" : "-t"), plainFirst ? Access.PLAIN : Access.TLS_ONLY);
      long b = createToPing(tenancy, "r" + (round + options.warmup()) + (plainFirst ? "-t" : "-p"), plainFirst ? Access.TLS_ONLY : Access.PLAIN);
      if (round >= 0) {
        (plainFirst ? plain : tls).add(a);
        (plainFirst ? tls : plain).add(b);
      }
      System.err.print(round == options.n() - 1 ? "\n" : ".");
    }
    Tenant dual = tenancy.create("dual").access(Access.DUAL).apply();
    Tenant tcp = tenancy.create("tcp").apply();
    ConnectionInfo tlsInfo = dual.connection();
    ConnectionInfo plainInfo = tcp.connection();
    Endpoint tlsEndpoint = tlsInfo.endpoints().stream().filter(Endpoint::isTls).findFirst().orElseThrow();
    Endpoint tcpEndpoint = plainInfo.endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst().orElseThrow();
    NewConnection handshake = NewConnection.tls(tlsInfo, tlsEndpoint);
    NewConnection plainConnect = NewConnection.plain(plainInfo, tcpEndpoint);
    List<Long> handshakes = new ArrayList<>();
    List<Long> plainConnects = new ArrayList<>();
    for (int i = -options.warmup(); i < options.n(); i++) {
      long h = handshake.authPingNanos();
      long p = plainConnect.authPingNanos();
      if (i >= 0) {
        handshakes.add(h);
        plainConnects.add(p);
      }
    }
    dual.delete(Deletion.PURGE);
    tcp.delete(Deletion.PURGE);
    report(options, Stats.ofNanos(plain), Stats.ofNanos(tls), Stats.ofNanos(handshakes), Stats.ofNanos(plainConnects),
        new double[] {loadBefore, ProcFs.loadAverage()}, out);
  }

  private static long createToPing(RedisTenancy tenancy, String name, Access access) {
    long start = System.nanoTime();
    Tenant tenant = tenancy.create(name).access(access).apply();
    long elapsed = System.nanoTime() - start;
    tenant.delete(Deletion.PURGE);
    return elapsed;
  }

  private static void report(Options options, Stats plain, Stats tls, Stats handshake, Stats plainConnect,
      double[] load, PrintStream out) {
    Table table = new Table("TLS on the local backend: " + options.n() + " samples each (after " + options.warmup()
        + " warm-up), ms", "measure", "p50", "p95", "min", "max");
    row(table, "create -> PING, PLAIN (socket)", plain);
    row(table, "create -> PING, TLS_ONLY (TLS over TCP)", tls);
    row(table, "new connection + AUTH + PING, TLS", handshake);
    row(table, "new connection + AUTH + PING, plain TCP", plainConnect);
    table.print(out);
    out.printf("TLS_ONLY create issues a server certificate (EC P-256) and waits for an authenticated PING over TLS.%n"
        + "Handshakes use a JDK client with its session cache, as most clients do. %d cores, load average %.2f -> %.2f.%n",
        Runtime.getRuntime().availableProcessors(), load[0], load[1]);
    out.println(new JsonLine()
        .put("benchmark", "tls")
        .put("n", options.n())
        .put("plain_p50_ms", plain.p50())
        .put("tls_p50_ms", tls.p50())
        .put("handshake_p50_ms", handshake.p50())
        .put("plain_connect_p50_ms", plainConnect.p50())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", load[0])
        .put("loadavg_after", load[1]));
  }

  private static void row(Table table, String name, Stats s) {
    table.row(name, fmt(s.p50()), fmt(s.p95()), fmt(s.min()), fmt(s.max()));
  }

  private static String fmt(double ms) {
    return String.format(java.util.Locale.ROOT, "%.2f", ms);
  }
}
