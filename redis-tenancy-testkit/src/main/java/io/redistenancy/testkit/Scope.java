package io.redistenancy.testkit;

/**
 * How long one isolated Redis lives, and so who shares it.
 *
 * @see IsolatedRedis#scope()
 */
public enum Scope {
  /**
   * One instance per test method (the default): acquired before the test, returned to the pool after
   * it, and reset before anyone else gets it. No test ever sees another test's data.
   */
  METHOD,
  /**
   * One instance per test class: acquired before the first test of the class, kept for all its
   * tests (data written by one test is visible to the next), released after the last one. Tests of
   * the class running in parallel share it.
   */
  CLASS,
  /**
   * One instance per settings for the whole test run (the JVM's JUnit session): every class that asks
   * for it with the same settings gets the same instance, never reset while the run lasts.
   */
  RUN
}
