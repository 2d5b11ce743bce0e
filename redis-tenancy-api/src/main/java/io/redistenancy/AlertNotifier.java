package io.redistenancy;

/**
 * Tells people about alerts: {@link Notifiers#webhook} and {@link Notifiers#email} are the library's;
 * an application may add its own ({@link RedisTenancy.Builder#notifier}). {@link #send} is called on
 * the thread of the event that changed the alert, so it must not block: queue and deliver elsewhere.
 * The tenancy does not close a notifier it was given.
 */
public interface AlertNotifier extends AutoCloseable {
  /** Takes the notice for delivery; must return at once and never throw for a delivery failure. */
  void send(AlertNotice notice);

  /** Stops delivering; notices not yet delivered go where the notifier keeps failed ones. */
  @Override
  default void close() {}
}
