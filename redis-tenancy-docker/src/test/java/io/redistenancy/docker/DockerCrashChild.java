package io.redistenancy.docker;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import java.nio.file.Path;

/**
 * A JVM for the chaos test to kill: opens a Docker home (which reconciles what an earlier kill left)
 * deletes what earlier runs kept, then loops creating a tenant and deleting the one before, printing {@code ACK name} once a create
 * returned, {@code DELETING name} before a delete starts and {@code DELETED name} once it returned.
 *
 * <p>Arguments: home, tenant name prefix, first TCP port, last TCP port.
 */
public final class DockerCrashChild {
  private DockerCrashChild() {}

  public static void main(String[] args) throws Exception {
    try (RedisTenancy tenancy = RedisTenancy.builder().home(Path.of(args[0]))
        .backend(DockerBackends.docker().image(DockerTestSupport.image())
            .tcp("127.0.0.1", Integer.parseInt(args[2]), Integer.parseInt(args[3])))
        .build()) {
      // what earlier runs kept goes first, so at most two tenants (two networks) exist at any time:
      // the engine's stock address pools hold about 30 networks
      for (var kept : tenancy.tenants()) {
        delete(tenancy, kept.name());
      }
      System.out.println("READY");
      System.out.flush();
      for (int i = 0; i < 40; i++) {
        String name = args[1] + "-" + i;
        tenancy.create(name).apply();
        System.out.println("ACK " + name);
        System.out.flush();
        if (i > 0) {
          delete(tenancy, args[1] + "-" + (i - 1));
        }
      }
    }
  }

  private static void delete(RedisTenancy tenancy, String name) {
    System.out.println("DELETING " + name);
    System.out.flush();
    tenancy.tenant(name).orElseThrow().delete(Deletion.PURGE);
    System.out.println("DELETED " + name);
    System.out.flush();
  }
}
