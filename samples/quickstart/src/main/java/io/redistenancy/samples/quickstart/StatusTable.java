package io.redistenancy.samples.quickstart;

import io.redistenancy.MemorySize;
import io.redistenancy.Tenant;
import io.redistenancy.TenantStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints {@link Tenant#status()} of several tenants as an aligned table. */
final class StatusTable {
  private static final String ROW = "%-9s %-8s %-8s %8s %8s %5s %8s %7s%n";

  private StatusTable() {}

  static void print(List<Tenant> tenants, String indent, PrintStream out) {
    out.print(indent);
    out.printf(ROW, "TENANT", "PLAN", "STATE", "USED", "MAX", "KEYS", "CLIENTS", "UPTIME");
    for (Tenant tenant : tenants) {
      TenantStatus s = tenant.status();
      out.print(indent);
      out.printf(ROW, s.tenant(), tenant.plan().name(), s.state(), megabytes(s.usedMemory()),
          s.maxMemory(), s.keys(), s.clients(), uptime(s.uptime()));
    }
  }

  /** used_memory is rarely a whole number of megabytes: one decimal reads better than bytes. */
  static String megabytes(MemorySize size) {
    return String.format(Locale.ROOT, "%.1fmb", size.toBytes() / (1024.0 * 1024.0));
  }

  static String uptime(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
