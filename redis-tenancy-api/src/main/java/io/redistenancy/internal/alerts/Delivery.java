package io.redistenancy.internal.alerts;

import io.redistenancy.AlertNotice;

/** One attempt to hand a notice to its receiver; throws when the receiver did not take it. */
public interface Delivery {
  void deliver(AlertNotice notice) throws Exception;
}
