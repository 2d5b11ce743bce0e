package io.redistenancy.internal.alerts;

import java.nio.file.Path;
import java.time.Duration;

/** How a {@link QueuedNotifier} retries and where it keeps what it could not deliver. */
public record DeliverySettings(String name, int attempts, Duration backoff, int queueCapacity, Path deadLetter) {}
