package io.redistenancy.docker;

import io.redistenancy.RedisTenancy;
import java.nio.file.Path;

/**
 * The other JVM of {@link DockerCrossJvmPortRaceIT}: opens its home, prints {@code READY}, waits for a
 * line on stdin, runs its side of the race, prints each problem ({@code PROBLEM …}) and its
 * {@code OUTCOME made refused}.
 *
 * <p>Arguments: home, tenant prefix, first port, last port, creates, threads.
 */
public final class PortRaceChild {
  private PortRaceChild() {}

  public static void main(String[] args) throws Exception {
    try (RedisTenancy tenancy = PortRaceWorker.tenancy(Path.of(args[0]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]))) {
      String ownerId = DockerTestSupport.ownerId(Path.of(args[0]));
      System.out.println("READY " + ownerId);
      System.out.flush();
      System.in.read();
      PortRaceWorker.Outcome outcome = PortRaceWorker.run(tenancy, ownerId,
          args[1], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      outcome.problems().forEach(p -> System.out.println("PROBLEM " + p.replace('\n', ' ')));
      System.out.println(outcome.line());
      System.out.flush();
    }
  }
}
