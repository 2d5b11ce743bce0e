package io.redistenancy.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Edits a closed tenancy's state files the way a crash would have left them: an operation's intent
 * recorded and its outcome not. This simulates the crash (the moment cannot be hit reliably by
 * killing a JVM); everything the reconcile then does runs for real.
 */
public final class StateFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateFiles() {}

  public static void markPending(Path home, String tenant, String operation, String detail) throws IOException {
    edit(home, tenant, record -> {
      ObjectNode pending = record.putObject("pending");
      pending.put("type", operation);
      pending.put("startedAt", "2026-01-01T00:00:00Z");
      pending.put("detail", detail);
    });
  }

  public static void setMaxMemoryAndMarkPending(Path home, String tenant, long bytes) throws IOException {
    edit(home, tenant, record -> ((ObjectNode) record.get("plan")).put("maxMemoryBytes", bytes));
    markPending(home, tenant, "RESIZE", null);
  }

  /** Sets a plan directive stored by its plan-file name (e.g. {@code hz}) and records a reconfigure as begun. */
  public static void setPlanDirectiveAndMarkPending(Path home, String tenant, String directive, String value)
      throws IOException {
    edit(home, tenant, record -> {
      ObjectNode plan = (ObjectNode) record.get("plan");
      ObjectNode directives = plan.get("directives") instanceof ObjectNode d ? d : plan.putObject("directives");
      directives.put(directive, value);
    });
    markPending(home, tenant, "RECONFIGURE", null);
  }

  /** Removes the tenant from desired state only, leaving its instance behind. */
  public static void forget(Path home, String tenant) throws IOException {
    Files.delete(home.resolve("tenants").resolve(tenant + ".json"));
    Files.delete(home.resolve("secrets").resolve(tenant + ".json"));
  }

  private static void edit(Path home, String tenant, java.util.function.Consumer<ObjectNode> change) throws IOException {
    Path file = home.resolve("tenants").resolve(tenant + ".json");
    ObjectNode record = (ObjectNode) JSON.readTree(file.toFile());
    change.accept(record);
    Files.write(file, JSON.writeValueAsBytes(record));
  }
}
