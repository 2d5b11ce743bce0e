package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.Lifecycle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A JVM for tests to kill: provisions two instances ({@code child-one}, {@code child-two}) on a home,
 * prints their pids and the watchdog's (0 if DETACHED), then waits to be killed.
 *
 * <p>Arguments: home, owner id, {@link Lifecycle} name.
 */
public final class ChildJvm {
  static final List<String> TENANTS = List.of("child-one", "child-two");

  private ChildJvm() {}

  public static void main(String[] args) throws Exception {
    TestContext context = new TestContext(Path.of(args[0]), args[1]);
    LocalBackend backend = TestContext.open(context, Backends.local().lifecycle(Lifecycle.valueOf(args[2])));
    StringBuilder pids = new StringBuilder("PIDS");
    for (String name : TENANTS) {
      TestTenant tenant = TestTenant.create(name);
      backend.provision(tenant.spec());
      pids.append(' ').append(backend.pid(tenant.id()));
    }
    System.out.println(pids);
    System.out.println("WATCHDOG " + backend.services().watchdog().map(Watchdog::pid).orElse(0L));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A started child JVM and what it printed. */
  record Started(Process process, List<Long> pids, long watchdog) {}

  /** Starts a child JVM on this test's class path; stderr goes to {@code log}. */
  static Started start(Path home, String ownerId, Lifecycle lifecycle, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ChildJvm.class.getName(), home.toString(), ownerId, lifecycle.name())
        .redirectError(log.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String pidsLine = out.readLine();
    String watchdogLine = out.readLine();
    if (pidsLine == null || !pidsLine.startsWith("PIDS ") || watchdogLine == null) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM printed " + pidsLine + "; its log:\n"
          + (Files.exists(log) ? Files.readString(log) : ""));
    }
    List<Long> pids = Arrays.stream(pidsLine.substring(5).split(" ")).map(Long::parseLong).toList();
    return new Started(child, pids, Long.parseLong(watchdogLine.substring("WATCHDOG ".length())));
  }
}
