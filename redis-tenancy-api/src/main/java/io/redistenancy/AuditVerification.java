package io.redistenancy;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AuditTrail#verify()} found.
 *
 * @param lines how many lines it read
 * @param problems every break of the chain and every torn line, in file order
 */
public record AuditVerification(long lines, List<Problem> problems) {
  public AuditVerification {
    problems = List.copyOf(problems);
  }

  /** No line was changed, inserted or removed (torn lines from crashes do not count). */
  public boolean intact() {
    return problems.stream().noneMatch(p -> p.kind() == Kind.TAMPERED);
  }

  /** What is wrong with a line. */
  public enum Kind {
    /** Edited, inserted or removed lines: the chain of hashes or the sequence breaks here. */
    TAMPERED,
    /**
     * A line cut short by a crash while it was written (kill -9, power loss): the library found it
     * when it opened the home next, closed it and went on, or it is the last line of the trail.
     */
    TORN
  }

  /**
   * One finding.
   *
   * @param file the file's name in the audit directory
   * @param line the line's number in that file, from 1
   * @param kind tampering or a torn line
   * @param message what is wrong, in words
   */
  public record Problem(String file, long line, Kind kind, String message) {
    public Problem {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }
}
