package io.redistenancy.testkit.internal;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.testkit.Isolation;
import io.redistenancy.testkit.Scope;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child test JVM, as far as the testkit can tell. {@code hold} (for {@link KillNineIT}) takes an
 * instance from a warm pool and a user on the SHARED_SERVER server, prints the testkit's directory,
 * its instances' socket directory and the shared server's port, and
 * waits to be killed; {@code start} starts a testkit (which sweeps what dead JVMs left), waits for the
 * sweep and ends normally; {@code auto} (for {@link AutoBackendIT}) resolves the default backend,
 * takes an instance and prints which backend it is and what PING answered, or why there is none;
 * {@code slice} (for {@link PortSlicesIT}) prints its TCP port slice and holds it until its stdin closes.
 */
public final class ChildTestJvm {
  private ChildTestJvm() {}

  /** A child JVM on this JVM's class and module path, its testkit directories below {@code parent}. */
  static ProcessBuilder command(Path parent, String mode, String... properties) {
    String classPath = String.join(File.pathSeparator, List.of(System.getProperty("jdk.module.path", ""),
        System.getProperty("java.class.path", ""))).replaceAll("^:+|:+$", "");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dredistenancy.testkit.dir=" + parent));
    command.addAll(List.of(properties));
    command.addAll(List.of("-cp", classPath, ChildTestJvm.class.getName(), mode));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
  }

  private static Settings defaults() {
    return Settings.of(null, null, false, "child");
  }

  public static void main(String[] args) throws Exception {
    if (args[0].equals("slice")) {
      int[] slice = ResolvedBackend.tcpPorts();
      System.out.println("SLICE " + slice[0] + " " + slice[1]);
      System.out.flush();
      System.in.read(); // holds the slice until the parent closes our stdin (or ends)
      return;
    }
    Testkit testkit = new Testkit();
    if (args[0].equals("hold")) {
      IsolationStrategy strategy = testkit.strategy(defaults(),
          ChildTestJvm.class.getClassLoader());
      PooledInstance instance = strategy.acquire("child", Duration.ofSeconds(60));
      ConnectionInfo info = instance.connection();
      try (var connection = testkit.connect(instance)) {
        connection.sync().set("held", "yes");
      }
      // and a user on the SHARED_SERVER server, a TCP instance of its own
      Settings shared = new Settings(Scope.METHOD, Isolation.SHARED_SERVER, "", defaults().backend(),
          defaults().plan());
      PooledInstance user = testkit.strategy(shared, ChildTestJvm.class.getClassLoader())
          .acquire("child", Duration.ofSeconds(60));
      System.out.println("HOLDING " + testkit.directory() + " " + info.endpoint().socket().orElseThrow().getParent()
          + " " + user.connection().endpoint().port());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    } else if (args[0].equals("auto")) {
      Settings settings = defaults();
      ResolvedBackend backend;
      try {
        backend = testkit.backend(settings.backend(), ChildTestJvm.class.getClassLoader());
      } catch (BackendUnavailableException e) {
        System.out.println("UNAVAILABLE " + e.getMessage());
        testkit.close();
        return;
      }
      PooledInstance instance = testkit.strategy(settings, ChildTestJvm.class.getClassLoader())
          .acquire("child", Duration.ofSeconds(60));
      try (var connection = testkit.connect(instance)) {
        System.out.println("BACKEND " + backend.describe() + " PING " + connection.sync().ping());
      }
      testkit.close();
    } else {
      testkit.awaitSweep();
      testkit.close();
      System.out.println("STARTED");
    }
  }
}
