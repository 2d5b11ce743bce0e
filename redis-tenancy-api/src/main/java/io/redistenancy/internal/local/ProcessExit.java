package io.redistenancy.internal.local;

import java.util.OptionalInt;

/** How a supervised redis-server ended: its figures where the JVM saw them, and their description. */
record ProcessExit(OptionalInt exitCode, OptionalInt signal, String description) {
  /** An exit whose code nobody saw (e.g. of a process adopted from a previous JVM). */
  static ProcessExit unknown(String description) {
    return new ProcessExit(OptionalInt.empty(), OptionalInt.empty(), description);
  }

  static ProcessExit of(Process process) {
    int code = process.exitValue();
    // Java reports death by signal N as 128 + N
    return code > 128
        ? new ProcessExit(OptionalInt.of(code), OptionalInt.of(code - 128), "exit code " + code + " (signal " + (code - 128) + ")")
        : new ProcessExit(OptionalInt.of(code), OptionalInt.empty(), "exit code " + code);
  }
}
