package io.redistenancy.samples.quickstart;

import io.redistenancy.Deletion;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The quickstart's steps, in order, each printing one short paragraph. */
final class Walkthrough {
  static final Plan STARTER = Plan.builder("starter")
      .maxMemory(MemorySize.ofMegabytes(32))
      .evictionPolicy(EvictionPolicy.ALLKEYS_LRU)
      .persistence(Persistence.RDB)
      .build();
  static final Plan PREMIUM = Plan.builder("premium")
      .maxMemory(MemorySize.ofMegabytes(128))
      .evictionPolicy(EvictionPolicy.NOEVICTION)
      .persistence(Persistence.AOF_EVERYSEC)
      .build();

  /** Tenant name to plan name, in creation order. */
  static final Map<String, String> TENANTS = Map.of("acme", "premium", "globex", "starter", "initech", "starter");
  static final List<String> ORDER = List.of("acme", "globex", "initech");
  static final MemorySize RESIZE_TO = MemorySize.ofMegabytes(64);

  private static final String INDENT = " ".repeat(11);

  private final RedisTenancy tenancy;
  private final Workspace workspace;
  private final PrintStream out;

  Walkthrough(RedisTenancy tenancy, Workspace workspace, PrintStream out) {
    this.tenancy = tenancy;
    this.workspace = workspace;
    this.out = out;
  }

  QuickstartResult run(boolean keep) {
    removeLeftovers();
    step("Plans", describe(STARTER) + "\n" + describe(PREMIUM));
    List<Tenant> tenants = create();
    writeAndRead(tenants);
    Tenant acme = tenants.get(0);
    Tenant globex = tenants.get(1);
    String refusal = isolation(acme, globex);
    long pidBefore = processId(globex);
    String configMaxMemory = resize(globex);
    long pidAfter = processId(globex);
    step("", "same redis-server process before and after (pid " + pidBefore + " -> " + pidAfter + "): no restart");
    step("Status", "tenant.status() of each, read from INFO now:");
    StatusTable.print(tenants, INDENT, out);
    List<Path> files = handover(acme);
    if (keep) {
      step("Kept", tenants.size() + " tenants in " + workspace.home() + ". Their processes stop with this JVM;\n"
          + "the next RedisTenancy on this home starts them again. Run without --keep to delete them.");
    } else {
      tenants.forEach(t -> t.delete(Deletion.PURGE));
      step("Delete", names(tenants) + " deleted (Deletion.PURGE: processes, config, secrets and data)");
    }
    return new QuickstartResult(refusal, RESIZE_TO, configMaxMemory, pidBefore, pidAfter, files);
  }

  /** A --keep run leaves its tenants in the home; start each run from a clean slate. */
  private void removeLeftovers() {
    List<Tenant> old = tenancy.tenants();
    if (!old.isEmpty()) {
      old.forEach(t -> t.delete(Deletion.PURGE));
      step("Cleanup", "deleted " + names(old) + ", kept by an earlier run");
    }
  }

  private List<Tenant> create() {
    List<Tenant> tenants = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String name : ORDER) {
      long start = System.nanoTime();
      Tenant tenant = tenancy.create(name).plan(TENANTS.get(name)).apply();
      long ms = (System.nanoTime() - start) / 1_000_000;
      tenants.add(tenant);
      lines.add(String.format("%-8s plan %-8s ready in %3d ms at %s", name, TENANTS.get(name), ms,
          tenant.connection().endpoint()));
    }
    step("Create", String.join("\n", lines));
    return tenants;
  }

  private void writeAndRead(List<Tenant> tenants) {
    List<String> reads = new ArrayList<>();
    for (Tenant tenant : tenants) {
      try (var conn = tenant.connect()) {
        conn.sync().set("greeting", "hello from " + tenant.name());
        reads.add(tenant.name() + ": GET greeting = \"" + conn.sync().get("greeting") + "\"");
      }
    }
    step("Use", "SET then GET the same key on each tenant, through Lettuce (tenant.connect()):\n"
        + String.join("\n", reads));
  }

  private String isolation(Tenant intruder, Tenant target) {
    String refusal = Isolation.refusal(intruder.connection(), target.connection());
    step("Isolate", intruder.name() + "'s username and password on " + target.name() + "'s endpoint (plain Lettuce):\n"
        + "refused: " + refusal);
    return refusal;
  }

  private String resize(Tenant tenant) {
    MemorySize before = tenant.plan().maxMemory();
    tenant.resize(RESIZE_TO);
    String value;
    try (var conn = tenant.connect()) {
      value = conn.sync().configGet("maxmemory").get("maxmemory");
    }
    step("Resize", tenant.name() + " " + before + " -> " + RESIZE_TO + " with tenant.resize(), live;\n"
        + "CONFIG GET maxmemory as " + tenant.name() + " now says " + value + " (" + MemorySize.parse(value) + ")");
    return value;
  }

  private static long processId(Tenant tenant) {
    try (var conn = tenant.connect()) {
      return conn.sync().info("server").lines()
          .filter(l -> l.startsWith("process_id:"))
          .mapToLong(l -> Long.parseLong(l.substring("process_id:".length()).trim()))
          .findFirst().orElseThrow(() -> new IllegalStateException("INFO server has no process_id"));
    }
  }

  private List<Path> handover(Tenant tenant) {
    List<Path> files = tenant.handover().writeTo(workspace.handover());
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      lines.add((file + "  " + permissions(file) + "  " + keysOf(file)).stripTrailing());
    }
    step("Handover", "what " + tenant.name() + "'s customer gets (tenant.handover().writeTo(dir)):\n"
        + String.join("\n", lines));
    return files;
  }

  private static String permissions(Path file) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    } catch (IOException | UnsupportedOperationException e) {
      return "?";
    }
  }

  /** The variable names of a .env file, never the values: one of them is the password. */
  private static String keysOf(Path file) {
    if (!file.toString().endsWith(".env")) {
      return "(the same, as JSON)";
    }
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.contains("=") && !l.startsWith("#"))
          .map(l -> l.substring(0, l.indexOf('=')))
          .collect(Collectors.joining(" ", "(", ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Plan plan) {
    return String.format("%-8s maxmemory %-5s %-11s %s", plan.name(), plan.maxMemory(),
        plan.evictionPolicy().redisName(), plan.persistence());
  }

  private static String names(List<Tenant> tenants) {
    return tenants.stream().map(Tenant::name).collect(Collectors.joining(", "));
  }

  /** A label in a left column, the text beside it, continuation lines indented under the text. */
  private void step(String label, String text) {
    out.printf("%-10s %s%n", label, text.replace("\n", "\n" + INDENT));
  }
}
