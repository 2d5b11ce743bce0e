package io.redistenancy;

/** What {@link RedisTenancy#reconcile(UnwantedInstances)} does with instances no tenant wants. */
public enum UnwantedInstances {
  /** List them in the report; touch nothing. */
  REPORT,
  /** Remove them, data included. Only instances this home owns are ever considered. */
  REMOVE
}
