package io.redistenancy;

/** How a tenant's data survives a restart. */
public enum Persistence {
  /** Memory only: a restart starts empty. */
  NONE,
  /** RDB snapshots at the plan's save points (and on a clean shutdown). */
  RDB,
  /** Append-only file, fsync once a second: at most a second of writes lost on a crash. */
  AOF_EVERYSEC,
  /** Append-only file, fsync on every write: slowest, nothing acknowledged is lost. */
  AOF_ALWAYS,
  /** RDB snapshots plus an AOF with fsync once a second. */
  RDB_AND_AOF;

  /** Whether this mode writes an append-only file. */
  public boolean usesAof() {
    return this == AOF_EVERYSEC || this == AOF_ALWAYS || this == RDB_AND_AOF;
  }

  /** Whether this mode takes RDB snapshots at save points. */
  public boolean usesRdb() {
    return this == RDB || this == RDB_AND_AOF;
  }
}
