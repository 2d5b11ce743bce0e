package io.redistenancy.benchmarks.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class through JUnit's own launcher, as a build does, and times each test from JUnit's
 * "started" to its "finished" event: parameter resolution (the testkit acquires the instance), the
 * test body, the end of the test's scope (the instance goes back to its pool).
 */
final class JUnitRun implements TestExecutionListener {
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final List<Long> nanos = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  /** Nanoseconds of each of {@code n} tests of {@code testClass}; throws if any test failed. */
  static List<Long> run(Class<?> testClass, int n) {
    JUnitRun listener = new JUnitRun();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
        .configurationParameter(Repeat.COUNT, Integer.toString(n)).build(), listener);
    if (!listener.failures.isEmpty() || listener.nanos.size() != n) {
      throw new IllegalStateException(testClass.getSimpleName() + ": " + listener.nanos.size() + " of " + n
          + " tests ran; failures: " + listener.failures);
    }
    return listener.nanos;
  }

  @Override
  public void executionStarted(TestIdentifier test) {
    if (test.isTest()) {
      started.put(test.getUniqueId(), System.nanoTime());
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
      failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?"));
    } else if (test.isTest()) {
      nanos.add(System.nanoTime() - started.remove(test.getUniqueId()));
    }
  }
}
