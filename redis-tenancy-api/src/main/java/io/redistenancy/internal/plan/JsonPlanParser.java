package io.redistenancy.internal.plan;

import io.redistenancy.internal.Checked;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a plan from one JSON object with the optional keys {@link #KEYS}, e.g.
 * {@code {"maxMemory": "256mb", "evictionPolicy": "allkeys-lru", "persistence": "RDB",
 * "savePoints": [[900, 1], [300, 10]], "maxClients": 500, "access": "TLS_ONLY", "clientAuth": "REQUIRED"}}. Strict: unknown or duplicate keys, wrong
 * types, comments and anything after the object are refused, with the line Jackson reports.
 */
final class JsonPlanParser {
  /** The table's directives by their JSON key; they need no code here. */
  private static final Map<String, PlanDirective<?>> DIRECTIVES = PlanDirectives.inFiles().stream()
      .collect(Collectors.toMap(d -> d.jsonKey().orElseThrow(), d -> d, (a, b) -> a, LinkedHashMap::new));

  /** The keys of plan values with code of their own below. */
  private static final List<String> COMPOUND = List.of("persistence", "savePoints", "backupSchedule",
      "backupRetentionCount", "backupRetentionDays", "access", "clientAuth");

  static final List<String> KEYS = Stream.concat(DIRECTIVES.keySet().stream(), COMPOUND.stream()).toList();

  // the streaming parser reports where each key is, which a plain readTree would lose
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private final PlanFile file;
  private final PlanValues values;
  private Persistence persistence;
  private int savePointsLine;
  private final List<InvalidRequestException> problems = new ArrayList<>();

  private JsonPlanParser(String planName, PlanFile file) {
    this.file = file;
    this.values = new PlanValues(file, planName);
  }

  /**
   * Reads every key, collecting each key's problem; invalid JSON ends the reading there. The checks
   * across keys (save points, the plan's own) run only when every key was valid.
   */
  static PlanReading read(String planName, PlanFile file) {
    JsonPlanParser parser = new JsonPlanParser(planName, file);
    try (JsonParser json = MAPPER.createParser(file.text())) {
      parser.object(json);
    } catch (JsonProcessingException e) {
      parser.problems.add(file.error(Math.max(1, e.getLocation() == null ? 1 : e.getLocation().getLineNr()),
          "invalid JSON: " + jacksonReason(e)));
    } catch (InvalidRequestException e) {
      parser.problems.add(e); // the file's shape (not an object, content after it): nothing more to read
    } catch (IOException e) {
      throw Checked.failure("parse " + file.fileName(), e); // reading a String does not fail
    }
    if (!parser.problems.isEmpty()) {
      return PlanReading.refused(parser.problems);
    }
    try {
      parser.checkSavePoints();
      return PlanReading.of(parser.values.build());
    } catch (InvalidRequestException e) {
      return PlanReading.refused(List.of(e));
    }
  }

  private void object(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw file.error(line(json), "expected a JSON object such as {\"maxMemory\": \"256mb\"}");
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      int line = line(json);
      json.nextToken();
      JsonNode value = json.readValueAsTree();
      try {
        apply(line, key, value);
      } catch (InvalidRequestException e) {
        problems.add(e); // the next key is read all the same
      }
    }
    if (json.nextToken() != null) {
      throw file.error(line(json), "unexpected content after the JSON object");
    }
  }

  private void apply(int line, String key, JsonNode value) {
    PlanDirective<?> tabled = DIRECTIVES.get(key);
    if (tabled != null) {
      directive(line, key, value, tabled);
      return;
    }
    switch (key) {
      case "persistence" -> {
        persistence = persistence(line, text(line, key, value, "\"AOF_EVERYSEC\""));
        values.persistence(line, persistence);
      }
      case "savePoints" -> {
        values.savePoints(line, savePoints(line, value));
        savePointsLine = line;
      }
      case "backupSchedule" -> values.backupSchedule(line, key, text(line, key, value, "\"daily 03:00\""));
      case "backupRetentionCount" -> values.backupRetentionCount(line, key, number(line, key, value));
      case "backupRetentionDays" -> values.backupRetentionDays(line, key, number(line, key, value));
      case "access" -> values.access(line, key, text(line, key, value, "\"TLS_ONLY\""));
      case "clientAuth" -> values.clientAuth(line, key, text(line, key, value, "\"REQUIRED\""));
      default -> throw file.error(line, "unknown key '" + PlanFile.shown(key) + "'; allowed: "
          + String.join(", ", KEYS));
    }
  }

  private <T> void directive(int line, String key, JsonNode value, PlanDirective<T> directive) {
    PlanDirective.FileValue<T> spelling = directive.fileValue().orElseThrow();
    if (spelling.isNumber()) {
      values.number(line, directive, key, number(line, key, value));
    } else {
      String example = "\"" + spelling.toText(directive.example()) + "\"";
      values.text(line, directive, key, text(line, key, value, example));
    }
  }

  private Persistence persistence(int line, String name) {
    for (Persistence p : Persistence.values()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw file.error(line, "persistence '" + PlanFile.shown(name) + "' is not one of "
        + Arrays.stream(Persistence.values()).map(Enum::name).collect(Collectors.joining(", ")));
  }

  private List<SavePoint> savePoints(int line, JsonNode value) {
    String shape = "savePoints must be an array of [seconds, changes] pairs, e.g. [[900, 1], [300, 10]]";
    if (!value.isArray()) {
      throw file.error(line, shape);
    }
    List<SavePoint> points = new ArrayList<>();
    for (JsonNode pair : value) {
      if (!pair.isArray() || pair.size() != 2) {
        throw file.error(line, shape);
      }
      points.add(values.savePoint(line, number(line, "savePoints", pair.get(0)),
          number(line, "savePoints", pair.get(1))));
    }
    return points;
  }

  /** Save points only mean something with a mode that snapshots; saying both otherwise is a mistake. */
  private void checkSavePoints() {
    if (savePointsLine != 0 && persistence != null && !persistence.usesRdb()) {
      throw file.error(savePointsLine, "savePoints are only used with persistence RDB or RDB_AND_AOF, not "
          + persistence);
    }
  }

  private String text(int line, String key, JsonNode value, String example) {
    if (!value.isTextual()) {
      throw file.error(line, key + " must be a string such as " + example + ", not " + kind(value));
    }
    return value.textValue();
  }

  private long number(int line, String key, JsonNode value) {
    if (!value.isIntegralNumber()) {
      throw file.error(line, key + " must be a whole number, not " + kind(value));
    }
    if (!value.canConvertToLong()) {
      throw file.error(line, key + " value " + PlanFile.shown(value.asText()) + " is too large");
    }
    return value.longValue();
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "a whole number" : "a fraction";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static int line(JsonParser json) {
    return Math.max(1, json.currentTokenLocation().getLineNr());
  }

  /** Jackson's own words without its source description (we print the file ourselves), made printable. */
  private static String jacksonReason(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    reason = reason == null ? "unreadable" : reason
        .replaceAll("\\[Source:[^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
        .replaceAll("\\s*\\[Source:[^\\]]*\\]", "");
    reason = reason.replaceAll("[^\\x20-\\x7e]", "?");
    return reason.length() > 200 ? reason.substring(0, 200) + "…" : reason;
  }
}
