package io.redistenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLineTest {

  @Test
  void flatObjectOnOneLine() {
    String json = new JsonLine().put("benchmark", "provision-local").put("n", 50).put("p50_ms", 12.345)
        .put("note", "a \"quoted\"\nline").toString();
    assertThat(json).isEqualTo(
        "{\"benchmark\": \"provision-local\", \"n\": 50, \"p50_ms\": 12.35, \"note\": \"a \\\"quoted\\\"\\u000aline\"}");
  }
}
