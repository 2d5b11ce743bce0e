package io.redistenancy.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.spi.BackendFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One child JVM of a chaos test (any backend): it opens a home, then creates and deletes tenants
 * until the test kills it with {@code kill -9} at a random moment ({@link #killAfterCreates}); what
 * it printed says which creates were acknowledged and which deletes had begun.
 *
 * <p>The child builds its backend with {@code backend}, a class with a public no-argument
 * constructor (it runs in the child), from {@code backendArgs}.
 */
public final class ChaosChildRun {
  /** How long one child may take to print a line before the run fails: bounds a hung child. */
  private static final long LINE_TIMEOUT_SECONDS = 120;

  private final String prefix;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> creating = new ArrayList<>();
  private final List<String> acked = new ArrayList<>();
  private final List<String> deleting = new ArrayList<>();

  private ChaosChildRun(String prefix, Process process) {
    this.prefix = prefix;
    this.process = process;
    Thread reader = new Thread(this::read, "chaos-child-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a child on this test's class path that names its tenants {@code PREFIX tN}; stderr goes to {@code log}. */
  public static ChaosChildRun start(Path home, String prefix, Path log,
      Class<? extends Function<List<String>, BackendFactory>> backend, String... backendArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> argv = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), home.toString(), prefix, backend.getName()));
    argv.addAll(List.of(backendArgs));
    Process child = new ProcessBuilder(argv).redirectError(log.toFile()).start();
    return new ChaosChildRun(prefix, child);
  }

  public String prefix() {
    return prefix;
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      // killed
    }
    lines.add("EOF");
  }

  /** Kills the child (SIGKILL) {@code delayMillis} after it began its {@code creates}-th create. */
  public void killAfterCreates(int creates, int delayMillis) throws Exception {
    try {
      while (creating.size() < creates) {
        if (!take()) {
          throw new AssertionError("the child " + prefix + " ended before it was killed; see its log");
        }
      }
      Thread.sleep(delayMillis); // a random moment, not a wait for a state: nothing is asserted on it
    } finally {
      process.toHandle().destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while (take()) {
        // what it printed before it died
      }
    }
  }

  /** Reads one line; false at the end of the output. */
  private boolean take() throws InterruptedException {
    String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("the child " + prefix + " printed nothing for " + LINE_TIMEOUT_SECONDS + " s");
    }
    if (line.equals("EOF")) {
      lines.add(line);
      return false;
    }
    String[] parts = line.split(" ", 2);
    switch (parts[0]) {
      case "CREATING" -> creating.add(parts[1]);
      case "ACKED" -> acked.add(parts[1]);
      case "DELETING" -> deleting.add(parts[1]);
      default -> { }
    }
    return true;
  }

  /** Tenants whose {@code apply()} returned. */
  public List<String> acked() {
    return List.copyOf(acked);
  }

  /** Tenants whose {@code apply()} returned and whose delete had not begun: they must all be there. */
  public List<String> ackedNotDeleting() {
    return acked.stream().filter(n -> !deleting.contains(n)).toList();
  }

  /** Creates that did not end in a tenant: nothing of them may be left. */
  public List<String> rolledBack(Set<String> tenants) {
    return creating.stream().filter(n -> !tenants.contains(n)).toList();
  }

  /**
   * Runs in the child JVM: opens the home, then creates and deletes tenants named PREFIX-tN until it
   * is killed, printing (flushed) {@code CREATING}, {@code ACKED} once {@code apply()} returned and
   * {@code DELETING} before each delete.
   *
   * <p>Arguments: home, tenant name prefix, the backend class, its arguments.
   */
  public static final class Child {
    private Child() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws ReflectiveOperationException {
      Function<List<String>, BackendFactory> backend = (Function<List<String>, BackendFactory>)
          Class.forName(args[2]).getConstructor().newInstance();
      BackendFactory factory = backend.apply(List.of(args).subList(3, args.length));
      RedisTenancy tenancy = RedisTenancy.builder().home(Path.of(args[0])).backend(factory).build();
      for (int i = 0; ; i++) {
        String name = args[1] + "t" + i;
        say("CREATING " + name);
        Tenant tenant = tenancy.create(name).apply();
        say("ACKED " + name);
        say("DELETING " + name);
        tenant.delete(Deletion.PURGE);
      }
    }

    private static void say(String line) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
