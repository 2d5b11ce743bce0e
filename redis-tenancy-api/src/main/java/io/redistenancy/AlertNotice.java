package io.redistenancy;

import java.util.Objects;

/**
 * What an {@link AlertNotifier} is told: an alert and what just happened to it. An alert that
 * merely lasts is not told again; one whose severity rises is.
 */
public record AlertNotice(Change change, Alert alert) {
  public AlertNotice {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(alert, "alert");
  }

  public enum Change {
    RAISED,
    /** Its severity rose (e.g. a certificate now ends within the critical period). */
    ESCALATED,
    RESOLVED,
    ACKNOWLEDGED
  }
}
