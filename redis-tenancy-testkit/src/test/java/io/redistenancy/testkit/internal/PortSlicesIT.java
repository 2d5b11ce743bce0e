package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test JVMs running at once (the forks of a build) take TCP ports of disjoint slices of the configured
 * range, so no two of them can pick the same port between the local backend's test-bind and its
 * redis-server's bind.
 */
class PortSlicesIT {
  @TempDir Path parent;

  @Test
  void twoTestJvmsAtOnceGetDisjointPortSlices() throws Exception {
    Process child = ChildTestJvm.command(parent, "slice").start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the child JVM printed its slice (its output is in the test log)").startsWith("SLICE ");
      String[] parts = line.split(" ");
      int[] childs = {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
      int[] mine = ResolvedBackend.tcpPorts();

      assertThat(mine[1] < childs[0] || childs[1] < mine[0])
          .as("this JVM's ports %s-%s and the child's %s-%s do not overlap", mine[0], mine[1], childs[0], childs[1])
          .isTrue();
      assertThat(ResolvedBackend.tcpPorts()).as("the same slice on every call").containsExactly(mine);
      int[] configured = ResolvedBackend.ports(System.getProperty(ResolvedBackend.PORTS_PROPERTY, "30000-32767"));
      for (int[] slice : new int[][] {mine, childs}) {
        assertThat(slice[0]).isBetween(configured[0], configured[1]);
        assertThat(slice[1]).isBetween(slice[0], configured[1]);
      }
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }
}
