package io.redistenancy;

/** What {@link Tenant#delete(Deletion)} does with the tenant's data. */
public enum Deletion {
  /** Remove everything: instance, configuration, secrets and data. */
  PURGE,
  /**
   * Remove the instance, configuration and secrets, but keep the data files aside (the backend says
   * where in the DELETED event), so a later tenant of the same name starts empty.
   */
  KEEP_DATA
}
