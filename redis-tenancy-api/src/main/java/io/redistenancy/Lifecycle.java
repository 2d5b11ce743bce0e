package io.redistenancy;

/** Whether local instances live and die with the JVM that started them. */
public enum Lifecycle {
  /**
   * Instances end with the JVM, even when it is killed with {@code kill -9}: a watchdog process
   * stops them. The default for tests and embedded use.
   */
  ATTACHED,
  /**
   * Instances outlive the JVM; the next {@link RedisTenancy} on the same home adopts them, after
   * checking each process's pid and start time so that a reused pid is never adopted.
   */
  DETACHED
}
