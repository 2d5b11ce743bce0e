package io.redistenancy;

/** What the end of a password rotation's grace period does with the tenant user's open connections. */
public enum OpenConnections {
  /** They stay open, whichever password they authenticated with (Redis checks a password only at AUTH). */
  KEEP,
  /** They are closed: clients holding the new password reconnect, those with the old one cannot. */
  DISCONNECT
}
