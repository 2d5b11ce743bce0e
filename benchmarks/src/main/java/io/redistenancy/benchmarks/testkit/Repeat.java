package io.redistenancy.benchmarks.testkit;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Runs a {@code @TestTemplate} as many times as the launcher's {@code bench.n} says (a RepeatedTest with a variable count). */
public final class Repeat implements TestTemplateInvocationContextProvider {
  static final String COUNT = "bench.n";

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return true;
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    int n = context.getConfigurationParameter(COUNT, Integer::parseInt).orElse(1);
    return IntStream.rangeClosed(1, n).mapToObj(i -> new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int index) {
        return "test " + index;
      }
    });
  }
}
