package io.redistenancy;

/** How urgent an {@link Alert} is, least urgent first. */
public enum AlertSeverity {
  /** Worth knowing; nothing to do now. */
  INFO,
  /** Needs attention soon (a backup failed, a certificate ends within weeks). */
  WARNING,
  /** Needs attention now (a tenant is down or keeps crashing). */
  CRITICAL
}
