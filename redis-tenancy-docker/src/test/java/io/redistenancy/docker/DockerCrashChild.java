package io.redistenancy.docker;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import java.nio.file.Path;

/**
 * A JVM for the chaos test to kill: opens a Docker home (which reconciles what an earlier kill left)
 * and loops creating tenants and deleting every other one, printing {@code ACK name} once a create
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
      System.out.println("READY");
      System.out.flush();
      for (int i = 0; i < 40; i++) {
        String name = args[1] + "-" + i;
        tenancy.create(name).apply();
        System.out.println("ACK " + name);
        if (i % 2 == 1) {
          String previous = args[1] + "-" + (i - 1);
          System.out.println("DELETING " + previous);
          System.out.flush();
          tenancy.tenant(previous).orElseThrow().delete(Deletion.PURGE);
          System.out.println("DELETED " + previous);
        }
        System.out.flush();
      }
    }
  }
}
