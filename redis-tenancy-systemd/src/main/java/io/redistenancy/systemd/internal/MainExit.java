package io.redistenancy.systemd.internal;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a unit's main process ended: with an exit code, or killed by a signal.
 *
 * @param exitCode its exit status, when it exited
 * @param signal the signal that killed it (with or without a core dump)
 * @param description systemd's words for it
 */
record MainExit(OptionalInt exitCode, OptionalInt signal, String description) {
  /** systemd's journal line for it, e.g. {@code Main process exited, code=killed, status=9/KILL}. */
  private static final Pattern JOURNAL_LINE =
      Pattern.compile("Main process exited, code=(exited|killed|dumped), status=([0-9]{1,3})(?:/[A-Z0-9_+-]+)?");
  /** {@code ExecMainCode} of {@code systemctl show}: the kernel's si_code for the process. */
  private static final int CLD_EXITED = 1;
  private static final int CLD_KILLED = 2;
  private static final int CLD_DUMPED = 3;
  private static final String SIGKILL_HINT = " (SIGKILL: the kernel's OOM killer at the unit's MemoryMax, or a kill -9)";

  /** The last exit the journal lines tell of. */
  static Optional<MainExit> lastIn(String journal) {
    MainExit last = null;
    for (String line : journal.split("\n")) {
      Matcher m = JOURNAL_LINE.matcher(line);
      if (m.find()) {
        last = of(m.group(1).equals("exited"), Integer.parseInt(m.group(2)), line.strip());
      }
    }
    return Optional.ofNullable(last);
  }

  /** The last journal line about the kernel's OOM killer, for when no exit is logged (yet). */
  static Optional<String> oomLineIn(String journal) {
    String last = null;
    for (String line : journal.split("\n")) {
      if (line.contains("oom-kill") || line.contains("OOM")) {
        last = line.strip();
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * The exit {@code systemctl show} describes ({@code ExecMainCode}, {@code ExecMainStatus}); none
   * while the main process runs (code 0) or when unknown.
   */
  static Optional<MainExit> ofShown(long code, long status) {
    if (status < 0 || status > 255) {
      return Optional.empty();
    }
    int value = (int) status;
    if (code == CLD_EXITED) {
      return Optional.of(of(true, value, "Main process exited, code=exited, status=" + value));
    }
    if (code == CLD_KILLED || code == CLD_DUMPED) {
      String how = code == CLD_KILLED ? "killed" : "dumped";
      return Optional.of(of(false, value, "Main process exited, code=" + how + ", status=" + value));
    }
    return Optional.empty();
  }

  private static MainExit of(boolean exited, int value, String description) {
    if (exited) {
      return new MainExit(OptionalInt.of(value), OptionalInt.empty(), description);
    }
    return new MainExit(OptionalInt.empty(), OptionalInt.of(value), description + (value == 9 ? SIGKILL_HINT : ""));
  }
}
