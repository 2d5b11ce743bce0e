package io.redistenancy;

import java.util.List;

/**
 * The tenancy's alerts ({@link RedisTenancy#alerts()}), raised from its events by {@link AlertRules},
 * kept in the home (they survive a restart) and sent to the {@link AlertNotifier}s.
 */
public interface Alerts {
  /** The alerts that last, oldest first. */
  List<Alert> active();

  /** Every kept alert, active and resolved within {@link AlertRules#retention()}, newest first. */
  List<Alert> recent();

  /**
   * Records that the caller ({@link RedisTenancy#as(String)}) took the alert on; audited, and sent to
   * the notifiers. Acknowledging again replaces the note.
   *
   * @param note up to 1,000 characters for the others, possibly empty
   * @throws InvalidRequestException if no kept alert has that id, or the note is too long
   */
  Alert acknowledge(String alertId, String note);
}
