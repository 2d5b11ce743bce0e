package io.redistenancy.systemd.internal;

import io.redistenancy.spi.InstanceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code systemctl show} says about one unit.
 *
 * @param unit the unit's name
 * @param loadState {@code loaded}, {@code not-found} …
 * @param activeState {@code active}, {@code activating}, {@code failed} …
 * @param subState {@code running}, {@code auto-restart}, {@code dead} …
 * @param mainPid 0 when not running
 * @param restarts {@code NRestarts}: automatic restarts since the unit was last started by hand
 * @param memoryCurrent bytes, or -1 when unknown
 * @param result {@code success}, {@code signal}, {@code oom-kill}, {@code exit-code} …
 * @param dropInPaths the drop-ins systemd has loaded for it
 * @param mainExit how the main process ended, while none runs ({@code ExecMainCode}, {@code ExecMainStatus})
 */
record UnitStatus(String unit, String loadState, String activeState, String subState, long mainPid, long restarts,
    long memoryCurrent, String result, List<String> dropInPaths, Optional<MainExit> mainExit) {

  static final List<String> PROPERTIES = List.of("Id", "LoadState", "ActiveState", "SubState", "MainPID",
      "NRestarts", "MemoryCurrent", "Result", "DropInPaths", "ExecMainCode", "ExecMainStatus");

  /** What the backend reports, given whether the instance's drop-in is loaded. */
  InstanceState state(String dropIn) {
    if (!dropInPaths.contains(dropIn)) {
      return InstanceState.MISSING;
    }
    return switch (activeState) {
      case "active", "reloading" -> InstanceState.RUNNING;
      case "activating" -> InstanceState.STARTING;
      case "failed" -> InstanceState.FAILED;
      default -> InstanceState.STOPPED;
    };
  }

  /** Parses {@code systemctl show -p …} output for one or more units (blocks separated by blank lines). */
  static List<UnitStatus> parseAll(String output) {
    List<UnitStatus> all = new ArrayList<>();
    Map<String, String> block = new HashMap<>();
    for (String line : (output + "\n\n").split("\n", -1)) {
      if (line.isBlank()) {
        if (!block.isEmpty()) {
          all.add(of(block));
          block = new HashMap<>();
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        block.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return all;
  }

  private static UnitStatus of(Map<String, String> p) {
    String dropIns = p.getOrDefault("DropInPaths", "");
    return new UnitStatus(p.getOrDefault("Id", ""), p.getOrDefault("LoadState", ""),
        p.getOrDefault("ActiveState", ""), p.getOrDefault("SubState", ""), number(p.get("MainPID")),
        number(p.get("NRestarts")), number(p.get("MemoryCurrent")), p.getOrDefault("Result", ""),
        dropIns.isBlank() ? List.of() : List.of(dropIns.trim().split("\\s+")),
        MainExit.ofShown(number(p.get("ExecMainCode")), number(p.get("ExecMainStatus"))));
  }

  private static long number(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1; // "[not set]"
    }
  }
}
