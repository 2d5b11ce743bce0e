package io.redistenancy.internal.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redistenancy.Alert;
import io.redistenancy.AlertNotice;
import io.redistenancy.AlertSeverity;
import java.time.Instant;
import java.util.Optional;

/** Alerts and notices as JSON: the webhook's body, the dead letter's lines and the home's alerts file. */
final class AlertJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  static ObjectNode notice(AlertNotice notice) {
    ObjectNode node = JSON.createObjectNode();
    node.put("change", notice.change().name());
    node.set("alert", alert(notice.alert()));
    return node;
  }

  static ObjectNode alert(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", alert.id());
    node.put("code", alert.code());
    node.put("severity", alert.severity().name());
    node.put("tenant", alert.tenant().orElse(null));
    node.put("message", alert.message());
    node.put("raisedAt", alert.raisedAt().toString());
    node.put("updatedAt", alert.updatedAt().toString());
    node.put("occurrences", alert.occurrences());
    node.put("resolvedAt", alert.resolvedAt().map(Instant::toString).orElse(null));
    alert.acknowledgement().ifPresent(a -> {
      ObjectNode ack = node.putObject("acknowledgement");
      ack.put("by", a.by());
      ack.put("at", a.at().toString());
      ack.put("note", a.note());
    });
    return node;
  }

  static Alert alert(JsonNode node) {
    JsonNode ack = node.get("acknowledgement");
    return new Alert(node.get("id").asText(), node.get("code").asText(),
        AlertSeverity.valueOf(node.get("severity").asText()), text(node, "tenant"), node.get("message").asText(),
        Instant.parse(node.get("raisedAt").asText()), Instant.parse(node.get("updatedAt").asText()),
        node.get("occurrences").asInt(), text(node, "resolvedAt").map(Instant::parse),
        ack == null || ack.isNull() ? Optional.empty() : Optional.of(new Alert.Acknowledgement(ack.get("by").asText(),
            Instant.parse(ack.get("at").asText()), ack.get("note").asText())));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
