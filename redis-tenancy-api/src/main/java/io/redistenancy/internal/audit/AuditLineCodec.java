package io.redistenancy.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redistenancy.AuditRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One audit line as JSON: {@code seq time actor operation tenant parameters outcome error durationMs prev}. */
final class AuditLineCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A line read back: the record and the hash of the line before it that it carries. */
  record Decoded(AuditRecord record, String previousHash) {}

  private AuditLineCodec() {}

  static byte[] encode(AuditRecord record, String previousHash) {
    ObjectNode line = JSON.createObjectNode();
    line.put("seq", record.sequence());
    line.put("time", record.time().toString());
    line.put("actor", record.actor());
    line.put("operation", record.operation());
    line.put("tenant", record.tenant().orElse(null));
    ObjectNode parameters = line.putObject("parameters");
    record.parameters().forEach(parameters::put);
    line.put("outcome", record.succeeded() ? "ok" : "error");
    record.error().ifPresent(e -> line.put("error", e));
    line.put("durationMs", record.duration().toMillis());
    line.put("prev", previousHash);
    try {
      return JSON.writeValueAsString(line).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit line always serializes", e);
    }
  }

  /** The record a line holds; empty when it is not a complete one (torn, or not written by the trail). */
  static Optional<Decoded> decode(byte[] bytes) {
    try {
      JsonNode line = JSON.readTree(bytes);
      if (line == null || !line.isObject() || !line.path("seq").canConvertToLong() || !line.path("prev").isTextual()
          || !line.path("time").isTextual() || !line.path("operation").isTextual()) {
        return Optional.empty();
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      line.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
      AuditRecord record = new AuditRecord(line.get("seq").asLong(), Instant.parse(line.get("time").asText()),
          line.path("actor").asText(""), line.get("operation").asText(), text(line, "tenant"), parameters,
          text(line, "error"), Duration.ofMillis(line.path("durationMs").asLong()));
      return Optional.of(new Decoded(record, line.get("prev").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
