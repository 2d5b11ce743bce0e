package io.redistenancy.samples.quickstart;

import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyException;
import java.io.PrintStream;

/**
 * The quickstart: two plans, three tenants, isolation, a live resize, status and a handover, on the
 * embedded default backend (one {@code redis-server} child process per tenant). Built only on the
 * public API. Run it from the repository root with {@code ./quickstart [--keep] [--home DIR]}.
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
      System.out.println(QuickstartOptions.USAGE);
      return;
    }
    int exitCode;
    try {
      run(QuickstartOptions.parse(args), System.out);
      exitCode = 0;
    } catch (RuntimeException e) {
      exitCode = report(e);
    }
    System.out.flush();
    if (!ShutdownCleanup.shuttingDown()) {
      System.exit(exitCode); // Lettuce's threads would otherwise keep a failed run alive
    }
  }

  /** Explains a failure on stderr and returns the exit code. */
  private static int report(RuntimeException e) {
    if (ShutdownCleanup.shuttingDown()) {
      // a signal: the shutdown hook closed the tenancy under the running step; not a bug
      System.err.println("quickstart interrupted; its instances are stopped");
      return 130;
    }
    if (e instanceof IllegalArgumentException) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (e instanceof TenancyException) {
      // the library's messages say what happened and what to do: show them as they are
      System.err.println("quickstart failed: " + e.getMessage());
      return 1;
    }
    System.err.println("quickstart failed: " + e);
    e.printStackTrace();
    return 1;
  }

  /** Runs the whole quickstart, printing to {@code out}; cleans up after itself unless keeping. */
  public static QuickstartResult run(QuickstartOptions options, PrintStream out) {
    try (ShutdownCleanup onSignal = new ShutdownCleanup();
        Workspace workspace = onSignal.add(Workspace.of(options));
        RedisTenancy tenancy = onSignal.add(RedisTenancy.builder()
            .home(workspace.home())
            .plans(Plans.of(Walkthrough.STARTER, Walkthrough.PREMIUM))
            .build())) {
      out.println("redis-tenancy quickstart: home " + tenancy.home() + ", backend " + tenancy.backendName()
          + (workspace.temporary() ? " (temporary)" : ""));
      out.println();
      QuickstartResult result = new Walkthrough(tenancy, workspace, out).run(options.keep());
      out.println();
      out.println("Done." + (workspace.temporary() ? " Temporary home removed." : ""));
      return result;
    }
  }
}
