package io.redistenancy.testkit.internal;

import io.redistenancy.ConnectionInfo;
import java.time.Duration;

/**
 * The child JVM of {@link KillNineIT}, a test JVM as far as the testkit can tell: {@code hold} takes an
 * instance from a warm pool, prints the testkit's directory and its instances' socket directory and waits to be killed; {@code start}
 * starts a testkit (which sweeps what dead JVMs left), waits for the sweep and ends normally.
 */
public final class CrashingJvm {
  private CrashingJvm() {}

  public static void main(String[] args) throws Exception {
    Testkit testkit = new Testkit();
    if (args[0].equals("hold")) {
      IsolationStrategy strategy = testkit.strategy(Settings.of(null, null, false, "child"),
          CrashingJvm.class.getClassLoader());
      ConnectionInfo info = strategy.acquire("child", Duration.ofSeconds(60)).connection();
      try (var connection = testkit.connect(info.redisUri())) {
        connection.sync().set("held", "yes");
      }
      System.out.println("HOLDING " + testkit.directory() + " " + info.endpoint().socket().orElseThrow().getParent());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    } else {
      testkit.awaitSweep();
      testkit.close();
      System.out.println("STARTED");
    }
  }
}
