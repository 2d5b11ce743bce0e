package io.redistenancy;

/**
 * The steps of replacing the home's CA without a failed handshake, run in this order with
 * {@link RedisTenancy#rotateCertificateAuthority}. Between the steps, hand the tenants' customers
 * their updated handover (its CA file then holds every trusted CA).
 */
public enum CaRotationStep {
  /**
   * A new CA is created and trusted next to the current one: every TLS instance (for client
   * certificates) and every handover. Servers still present certificates of the current CA.
   */
  TRUST_NEW,
  /**
   * The new CA becomes the current one and reissues every server and client certificate, reloaded
   * live; the old CA stays trusted, so clients and client certificates not yet updated keep working.
   */
  ISSUE_FROM_NEW,
  /** The old CA is trusted no more: instances and handovers hold the new CA only. */
  DROP_OLD
}
