package io.redistenancy.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.SavePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPlanParserTest {
  private static final String KEYS = "maxMemory, evictionPolicy, maxClients, databases, idleTimeoutSeconds, "
      + "tcpKeepAliveSeconds, keyspaceEvents, hz, persistence, savePoints, backupSchedule, backupRetentionCount, "
      + "backupRetentionDays, access, clientAuth";

  @TempDir Path dir;

  private Plan plan(String json) {
    try {
      Files.writeString(dir.resolve("premium.json"), json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return Plans.directory(dir).find("premium").orElseThrow();
  }

  private void assertRefused(String json, String message) {
    assertThatThrownBy(() -> plan(json)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
  }

  private void assertRefusedStartingWith(String json, String prefix) {
    assertThatThrownBy(() -> plan(json)).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(prefix);
  }

  @Test
  void hzIsAWholeNumberWithinRedisBounds() {
    assertThat(plan("{\"hz\": 5}").hz()).isEqualTo(5);
    assertRefused("{\n\"hz\": 0}", "premium.json:2: hz 0 is out of range; allowed 1 to 500");
    assertRefused("{\"hz\": 501}", "premium.json:1: hz 501 is out of range; allowed 1 to 500");
    assertRefused("{\"hz\": \"5\"}", "premium.json:1: hz must be a whole number, not a string");
    assertRefused("{\"hz\": 5.5}", "premium.json:1: hz must be a whole number, not a fraction");
    assertRefused("{\"hz\": 99999999999}", "premium.json:1: hz value 99999999999 is too large");
  }

  @Test
  void keyspaceEventsAreRedisFlagLetters() {
    assertThat(plan("{\"keyspaceEvents\": \"Egx\"}").keyspaceEvents()).isEqualTo(KeyspaceEvents.parse("Egx"));
    assertThat(plan("{\"keyspaceEvents\": \"\"}").keyspaceEvents()).isEqualTo(KeyspaceEvents.NONE);
    assertRefusedStartingWith("{\n\"keyspaceEvents\": \"E\\u200bx\"}",
        "premium.json:2: notify-keyspace-events flag 'U+200B' in 'E?x' is unknown; allowed: K (keyspace)");
    assertRefused("{\"keyspaceEvents\": 1}", "premium.json:1: keyspaceEvents must be a string such as \"Egx\", "
        + "not a whole number");
  }

  @Test
  void everyKeyBecomesTypedValue() {
    Plan plan = plan("""
        {
          "maxMemory": "256mb",
          "evictionPolicy": "allkeys-lru",
          "persistence": "RDB_AND_AOF",
          "savePoints": [[900, 1], [300, 10]],
          "maxClients": 500,
          "databases": 4,
          "idleTimeoutSeconds": 300,
          "tcpKeepAliveSeconds": 60
        }
        """);

    assertThat(plan).isEqualTo(Plan.builder("premium")
        .maxMemory(MemorySize.ofMegabytes(256))
        .evictionPolicy(EvictionPolicy.ALLKEYS_LRU)
        .persistence(Persistence.RDB_AND_AOF)
        .savePoints(List.of(new SavePoint(900, 1), new SavePoint(300, 10)))
        .maxClients(500)
        .databases(4)
        .idleTimeout(Duration.ofSeconds(300))
        .tcpKeepAlive(Duration.ofSeconds(60))
        .build());
  }

  @Test
  void accessAndClientAuthAreReadAndCheckedTogether() {
    Plan plan = plan("{\"access\": \"TLS_ONLY\", \"clientAuth\": \"REQUIRED\"}");
    assertThat(plan.access()).isEqualTo(io.redistenancy.Access.TLS_ONLY);
    assertThat(plan.clientAuth()).isEqualTo(io.redistenancy.ClientAuth.REQUIRED);
    assertRefused("{\"access\": \"tls\"}", "premium.json:1: access 'tls' is not one of [PLAIN, TLS_ONLY, DUAL]");
    assertRefusedStartingWith("{\"clientAuth\": \"REQUIRED\"}", "premium.json: clientAuth REQUIRED needs TLS");
  }

  @Test
  void emptyObjectIsTheDefaultPlanUnderItsOwnName() {
    assertThat(plan("{}")).isEqualTo(Plan.builder("premium").build());
    assertThat(plan("{\"persistence\": \"AOF_ALWAYS\"}").persistence()).isEqualTo(Persistence.AOF_ALWAYS);
    assertThat(plan("{\"savePoints\": [[60, 5]]}").savePoints()).containsExactly(new SavePoint(60, 5));
  }

  @Test
  void unknownKeyIsRefusedWithItsLine() {
    assertRefused("{\n  \"maxMemory\": \"1mb\",\n  \"maxmemory\": \"2mb\"\n}",
        "premium.json:3: unknown key 'maxmemory'; allowed: " + KEYS);
    assertRefused("{\"include\": \"/etc/passwd\"}", "premium.json:1: unknown key 'include'; allowed: " + KEYS);
  }

  @Test
  void duplicateKeyIsRefused() {
    assertRefused("{\n\"maxClients\": 5,\n\"maxClients\": 6\n}",
        "premium.json:3: invalid JSON: Duplicate field 'maxClients'");
  }

  @Test
  void wrongTypesAreRefused() {
    assertRefused("{\"maxMemory\": 268435456}",
        "premium.json:1: maxMemory must be a string such as \"256mb\", not a whole number");
    assertRefused("{\"evictionPolicy\": null}",
        "premium.json:1: evictionPolicy must be a string such as \"allkeys-lru\", not null");
    assertRefused("{\"persistence\": [\"RDB\"]}",
        "premium.json:1: persistence must be a string such as \"AOF_EVERYSEC\", not an array");
    assertRefused("{\"maxClients\": \"500\"}", "premium.json:1: maxClients must be a whole number, not a string");
    assertRefused("{\"databases\": 1.5}", "premium.json:1: databases must be a whole number, not a fraction");
    assertRefused("{\"databases\": 4.0}", "premium.json:1: databases must be a whole number, not a fraction");
    assertRefused("{\"idleTimeoutSeconds\": true}",
        "premium.json:1: idleTimeoutSeconds must be a whole number, not a boolean");
    assertRefused("{\"tcpKeepAliveSeconds\": {}}",
        "premium.json:1: tcpKeepAliveSeconds must be a whole number, not an object");
    assertRefused("{\"maxClients\": 99999999999999999999}",
        "premium.json:1: maxClients value 99999999999999999999 is too large");
    assertRefused("{\"maxClients\": 99999999999}", "premium.json:1: maxClients value 99999999999 is too large");
  }

  @Test
  void badValuesAreRefusedWithTheTypesOwnReason() {
    assertRefused("{\n\"maxMemory\": \"1.5gb\"}", "premium.json:2: Memory size '1.5gb' is not a size; use a whole "
        + "number with an optional unit: 1048576, 512k, 256mb, 1gb");
    assertRefused("{\"persistence\": \"aof\"}",
        "premium.json:1: persistence 'aof' is not one of NONE, RDB, AOF_EVERYSEC, AOF_ALWAYS, RDB_AND_AOF");
    assertRefused("{\"maxClients\": -1}", "premium.json:1: maxClients -1 is out of range; allowed 1 to 100000");
    assertRefused("{\"idleTimeoutSeconds\": -1}",
        "premium.json:1: idleTimeout PT-1S is invalid; use whole seconds from 0 to a year");
    assertRefusedStartingWith("{\"evictionPolicy\": \"lru\"}", "premium.json:1: Eviction policy 'lru' is not one");
  }

  @Test
  void escapesCannotSmuggleControlCharactersIntoValues() {
    String reason = " must be printable ASCII without spaces";
    assertRefused("{\"maxMemory\": \"256mb\\u0000\"}", "premium.json:1: maxMemory value '256mb?'" + reason);
    assertRefused("{\"evictionPolicy\": \"allkeys-lru\\n\"}",
        "premium.json:1: evictionPolicy value 'allkeys-lru?'" + reason);
    assertRefused("{\"evictionPolicy\": \" allkeys-lru\"}",
        "premium.json:1: evictionPolicy value ' allkeys-lru'" + reason);
    assertRefused("{\"maxMemory\": \"\"}", "premium.json:1: maxMemory value ''" + reason);
  }

  @Test
  void savePointsShapeAndConsistency() {
    String shape = "premium.json:1: savePoints must be an array of [seconds, changes] pairs, e.g. [[900, 1], [300, 10]]";
    assertRefused("{\"savePoints\": [900, 1]}", shape);
    assertRefused("{\"savePoints\": [[900, 1, 2]]}", shape);
    assertRefused("{\"savePoints\": \"900 1\"}", shape);
    assertRefused("{\"savePoints\": [[900, \"1\"]]}", "premium.json:1: savePoints must be a whole number, not a string");
    assertRefused("{\"savePoints\": [[0, 1]]}",
        "premium.json:1: Save point '0 1' is invalid; seconds and changes must both be 1 or more");
    assertRefused("{\"savePoints\": []}", "premium.json:1: savePoints is empty; to take no snapshots use "
        + "Persistence.NONE or an AOF mode");
    assertRefused("{\n\"persistence\": \"NONE\",\n\"savePoints\": [[900, 1]]\n}",
        "premium.json:3: savePoints are only used with persistence RDB or RDB_AND_AOF, not NONE");
    assertRefused("{\"savePoints\": [[900, 1]], \"persistence\": \"AOF_ALWAYS\"}",
        "premium.json:1: savePoints are only used with persistence RDB or RDB_AND_AOF, not AOF_ALWAYS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "[]", "\"premium\"", "42", "null"})
  void topLevelMustBeAnObject(String json) {
    assertRefused(json, "premium.json:1: expected a JSON object such as {\"maxMemory\": \"256mb\"}");
  }

  @Test
  void syntaxErrorsTrailingContentAndCommentsAreRefused() {
    assertRefused("{\"maxClients\": 5}\n{\"maxClients\": 6}", "premium.json:2: unexpected content after the JSON object");
    assertRefusedStartingWith("{\n\"maxClients\": 5,\n}", "premium.json:3: invalid JSON: Unexpected character ('}'");
    assertRefusedStartingWith("{\n// bigger\n\"maxClients\": 5}", "premium.json:2: invalid JSON: Unexpected character ('/'");
    assertRefusedStartingWith("{\n\"maxClients\": 5", "premium.json:2: invalid JSON: Unexpected end-of-input");
    assertThatThrownBy(() -> plan("{\"maxClients\": 5")).hasMessageNotContaining("Source");
  }

  @Test
  void fileLevelChecksApplyToJsonToo() {
    assertRefused("{\"maxClients\": 5}\r\n",
        "premium.json:1: carriage return (CR) is not allowed; save the file with LF line endings");
    assertRefusedStartingWith("{\"maxMemory\": \"256mb\u0000\"}", "premium.json:1: character U+0000 is not allowed");
    assertRefused("{\"maxMemory\": \"" + "1".repeat(1100) + "\"}", "premium.json:1: line is longer than 1024 characters");
  }

  @Test
  void backupScheduleAndRetention() {
    Plan plan = plan("{\"backupSchedule\": \"every PT6H\", \"backupRetentionCount\": 7, \"backupRetentionDays\": 14}");
    assertThat(plan.backupSchedule()).isEqualTo(io.redistenancy.BackupSchedule.every(java.time.Duration.ofHours(6)));
    assertThat(plan.backupRetention()).isEqualTo(new io.redistenancy.BackupRetention(7, java.time.Duration.ofDays(14)));
    assertRefusedStartingWith("{\"backupSchedule\": \"hourly\"}", "premium.json:1: ");
    assertRefused("{\"backupRetentionDays\": 99999}",
        "premium.json:1: backupRetentionDays 99999 is out of range; allowed 1 to 36500");
  }
}
