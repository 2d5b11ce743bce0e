package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LocalAttachedIT}: provisions two ATTACHED instances, prints their
 * pids and the watchdog's, then waits to be killed.
 */
public final class AttachedChild {
  private AttachedChild() {}

  public static void main(String[] args) throws Exception {
    TestContext context = new TestContext(Path.of(args[0]));
    LocalBackend backend = new LocalBackend(context, Backends.local());
    StringBuilder pids = new StringBuilder("PIDS");
    for (String name : new String[] {"child-one", "child-two"}) {
      TestTenant tenant = TestTenant.create(name);
      backend.provision(tenant.spec());
      pids.append(' ').append(backend.pid(tenant.id()));
    }
    System.out.println(pids);
    System.out.println("WATCHDOG " + backend.services().watchdog().orElseThrow().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
