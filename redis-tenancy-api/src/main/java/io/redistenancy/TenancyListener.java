package io.redistenancy;

/**
 * Receives lifecycle events. Called on the thread that caused the event (or the supervisor's), so it
 * must be fast and must not block; an exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface TenancyListener {
  /** A listener that ignores everything: the default. */
  TenancyListener NONE = event -> {};

  void onEvent(TenancyEvent event);
}
