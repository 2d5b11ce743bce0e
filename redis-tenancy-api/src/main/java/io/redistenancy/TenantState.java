package io.redistenancy;

/** Where a tenant's instance is in its life. */
public enum TenantState {
  /** Being created or started; not answering yet. */
  STARTING,
  /** Up and answering. */
  RUNNING,
  /** Stopped on request; {@link Tenant#start()} brings it back. */
  STOPPED,
  /** Gave up after repeated crashes or a failed operation; the status carries the reason. */
  FAILED,
  /** Desired, but its instance is gone (removed behind the library's back); reconcile repairs it. */
  MISSING
}
