package io.redistenancy.spi;

/** What a backend sees of one instance. */
public enum InstanceState {
  STARTING,
  RUNNING,
  STOPPED,
  /** The backend gave up on it (e.g. a crash loop). */
  FAILED,
  /** The backend has no such instance. */
  MISSING
}
