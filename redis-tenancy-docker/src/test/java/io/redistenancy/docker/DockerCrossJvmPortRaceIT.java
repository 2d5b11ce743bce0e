package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.RedisTenancy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two homes in two JVMs (which share only the machine: the port lock file and the engine, no JVM lock)
 * race creates and deletes of TCP tenants on one 4-port range: no tenant's endpoint reaches another's
 * container, every create either works or says there is no free port, and nothing is left behind.
 */
class DockerCrossJvmPortRaceIT {
  private static final int FIRST = 23520;
  private static final int LAST = 23523;
  private static final int CREATES_PER_HOME = 12;
  private static final int THREADS_PER_HOME = 3;

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  @Test
  void twoJvmsRacingCreatesOnOneSmallRangeNeverMisrouteAndLeaveNothing() throws Exception {
    Path homeB = temp.resolve("b");
    Path log = temp.resolve("child.log");
    ChildJvm.Started child = ChildJvm.start(PortRaceChild.class, log, homeB.toString(), "b", String.valueOf(FIRST),
        String.valueOf(LAST), String.valueOf(CREATES_PER_HOME), String.valueOf(THREADS_PER_HOME));
    try (RedisTenancy a = PortRaceWorker.tenancy(temp.resolve("a"), FIRST, LAST)) {
      String ownerA = DockerTestSupport.ownerId(temp.resolve("a"));
      engine.cleanUpOwner(ownerA);
      String ready = child.out().readLine();
      assertThat(ready).as("the child opened its home; its log: %s", log).startsWith("READY ");
      String ownerB = ready.substring("READY ".length());
      engine.cleanUpOwner(ownerB);

      child.process().getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      child.process().getOutputStream().flush();
      PortRaceWorker.Outcome outcomeA = PortRaceWorker.run(a, ownerA, "a", CREATES_PER_HOME, THREADS_PER_HOME);
      List<String> childProblems = new ArrayList<>();
      String outcomeB = null;
      for (String line; (line = child.out().readLine()) != null; ) {
        if (line.startsWith("PROBLEM ")) {
          childProblems.add(line.substring("PROBLEM ".length()));
        } else if (line.startsWith("OUTCOME ")) {
          outcomeB = line;
        }
      }
      assertThat(child.process().waitFor(2, TimeUnit.MINUTES)).as("the child ended").isTrue();
      System.out.printf("[cross-JVM port race] home a: %s, home b: %s%n", outcomeA.line(), outcomeB);

      assertThat(outcomeA.problems()).as("home a's misroutes and unclear failures").isEmpty();
      assertThat(childProblems).as("home b's misroutes and unclear failures").isEmpty();
      assertThat(outcomeB).as("home b's outcome; its log: %s", Files.readString(log)).isNotNull();
      assertThat(outcomeA.made() + outcomeA.refused()).isEqualTo(CREATES_PER_HOME);
      String[] b = outcomeB.split(" ");
      assertThat(Integer.parseInt(b[1]) + Integer.parseInt(b[2])).isEqualTo(CREATES_PER_HOME);
      assertThat(outcomeA.made() + Integer.parseInt(b[1])).as("tenants made and verified").isPositive();
      assertThat(child.process().exitValue()).as("the child's exit; its log: %s", Files.readString(log)).isZero();

      assertThat(a.tenants()).as("home a's tenants").isEmpty();
      for (String owner : List.of(ownerA, ownerB)) {
        assertThat(engine.client().listContainersCmd().withShowAll(true)
            .withLabelFilter(Map.of(DockerEngine.OWNER_LABEL, owner)).exec()).as("containers of " + owner).isEmpty();
        assertThat(engine.client().listNetworksCmd().withFilter("label", List.of(DockerEngine.OWNER_LABEL + "=" + owner))
            .exec()).as("networks of " + owner).isEmpty();
      }
      for (Path home : List.of(temp.resolve("a"), homeB)) {
        try (var files = Files.walk(home)) {
          assertThat(files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("tenants"))
              .map(home::relativize)).as("tenant files left in " + home).isEmpty();
        }
      }
    } finally {
      child.process().destroyForcibly();
    }
  }
}
