package io.redistenancy.benchmarks.provision;

/** One way to get a fresh Redis that answers PING; measured side by side with the others. */
interface Contender extends AutoCloseable {
  /** The row label, e.g. {@code redis-tenancy}. */
  String name();

  /** What one measurement covers, for the table's notes. */
  String measures();

  /**
   * Starts one fresh instance, returns the nanoseconds from the start until it first answered PING,
   * then stops and removes it (not timed).
   */
  long startToPingNanos() throws Exception;

  /** Stops whatever is left and removes temporary files; also called after a failure. */
  @Override
  void close();
}
