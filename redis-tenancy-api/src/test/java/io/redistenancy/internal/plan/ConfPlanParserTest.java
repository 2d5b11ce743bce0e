package io.redistenancy.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Access;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.SavePoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfPlanParserTest {
  private static final String ALLOWED =
      "maxmemory, maxmemory-policy, maxclients, databases, timeout, tcp-keepalive, notify-keyspace-events, hz, "
      + "appendonly, appendfsync, save, backup-schedule, backup-retention-count, backup-retention-days, access, "
      + "client-auth";

  @TempDir Path dir;

  private Plan plan(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
    return Plans.directory(dir).find("premium").orElseThrow();
  }

  private void write(byte[] bytes) {
    try {
      Files.write(dir.resolve("premium.conf"), bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void assertRefused(String text, String message) {
    assertThatThrownBy(() -> plan(text)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
  }

  private void assertRefusedStartingWith(String text, String prefix) {
    assertThatThrownBy(() -> plan(text)).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(prefix);
  }

  @Test
  void hzIsAWholeNumberWithinRedisBounds() {
    assertThat(plan("hz 5\n").hz()).isEqualTo(5);
    assertThat(plan("maxmemory 64mb\n").hz()).as("not given: Redis's default").isEqualTo(10);
    assertRefused("maxmemory 64mb\nhz 0\n", "premium.conf:2: hz 0 is out of range; allowed 1 to 500");
    assertRefused("hz 501", "premium.conf:1: hz 501 is out of range; allowed 1 to 500");
    assertRefused("hz abc", "premium.conf:1: hz value 'abc' is not a whole number of 0 or more");
    assertRefused("hz -5", "premium.conf:1: hz value '-5' is not a whole number of 0 or more");
    assertRefused("hz 5 10", "premium.conf:1: directive 'hz' takes exactly one value, e.g. 'hz 5'; found 2");
    assertRefused("hz 5\nhz 6", "premium.conf:2: directive 'hz' is given twice (first on line 1)");
  }

  @Test
  void keyspaceEventsAreRedisFlagLettersOrEmpty() {
    assertThat(plan("notify-keyspace-events Egx\n").keyspaceEvents()).isEqualTo(KeyspaceEvents.parse("Egx"));
    assertThat(plan("notify-keyspace-events KEA\n").keyspaceEvents().flags()).contains(KeyspaceEvents.Flag.STRING);
    assertThat(plan("notify-keyspace-events K$\n").keyspaceEvents().toRedisValue()).isEqualTo("K$");
    assertThat(plan("notify-keyspace-events \"\"\n").keyspaceEvents()).isEqualTo(KeyspaceEvents.NONE);
    assertRefusedStartingWith("maxmemory 64mb\nnotify-keyspace-events KEq\n",
        "premium.conf:2: notify-keyspace-events flag 'q' in 'KEq' is unknown; allowed: K (keyspace), E (keyevent), g");
    assertRefused("notify-keyspace-events Ex#\n", "premium.conf:1: character '#' is not allowed in a value"
        + " (comments go on their own line)");
    assertRefusedStartingWith("notify-keyspace-events E x\n", "premium.conf:1: directive 'notify-keyspace-events' "
        + "takes exactly one value");
  }

  @Test
  void everyAllowedDirectiveBecomesTypedValue() {
    Plan plan = plan("""
        # Premium package: 256 MB, LRU, snapshots plus AOF
        maxmemory 256mb
        maxmemory-policy allkeys-lru

        appendonly yes
        appendfsync everysec
        save 900 1
        save 300 10 60 10000
        maxclients 500
        databases 4
        timeout 300
        tcp-keepalive 60
        """);

    assertThat(plan).isEqualTo(Plan.builder("premium")
        .maxMemory(MemorySize.ofMegabytes(256))
        .evictionPolicy(EvictionPolicy.ALLKEYS_LRU)
        .persistence(Persistence.RDB_AND_AOF)
        .savePoints(List.of(new SavePoint(900, 1), new SavePoint(300, 10), new SavePoint(60, 10000)))
        .maxClients(500)
        .databases(4)
        .idleTimeout(Duration.ofSeconds(300))
        .tcpKeepAlive(Duration.ofSeconds(60))
        .build());
  }

  @Test
  void directiveNamesAndKeywordsAreCaseInsensitiveAndBlanksAreSpacesOrTabs() {
    Plan plan = plan("  MaxMemory\t1GB  \nMAXMEMORY-POLICY   volatile-ttl\nAppendOnly YES\nAPPENDFSYNC Always\n");

    assertThat(plan).isEqualTo(Plan.builder("premium").maxMemory(MemorySize.ofGigabytes(1))
        .evictionPolicy(EvictionPolicy.VOLATILE_TTL).persistence(Persistence.AOF_ALWAYS).build());
  }

  @Test
  void emptyOrCommentOnlyFileIsTheDefaultPlanUnderItsOwnName() {
    Plan expected = Plan.DEFAULT.toBuilder().build();
    assertThat(plan("")).isEqualTo(Plan.builder("premium").build());
    assertThat(plan("# nothing here\n\n   \t\n# Größe: später\n")).isEqualTo(Plan.builder("premium").build());
    assertThat(plan("maxmemory 64mb").persistence()).isEqualTo(expected.persistence());
  }

  static Stream<Arguments> persistence() {
    List<SavePoint> redisDefault = Plan.DEFAULT_SAVE_POINTS;
    List<SavePoint> custom = List.of(new SavePoint(900, 1), new SavePoint(300, 10));
    return Stream.of(
        Arguments.of("appendonly yes\nappendfsync always", Persistence.AOF_ALWAYS, redisDefault),
        Arguments.of("appendonly yes\nappendfsync always\nsave \"\"", Persistence.AOF_ALWAYS, redisDefault),
        Arguments.of("appendonly yes\nsave 900 1\nsave 300 10", Persistence.RDB_AND_AOF, custom),
        Arguments.of("appendonly yes\nappendfsync everysec\nsave 900 1 300 10", Persistence.RDB_AND_AOF, custom),
        Arguments.of("appendonly yes", Persistence.AOF_EVERYSEC, redisDefault),
        Arguments.of("appendonly yes\nappendfsync everysec", Persistence.AOF_EVERYSEC, redisDefault),
        Arguments.of("appendonly yes\nsave \"\"", Persistence.AOF_EVERYSEC, redisDefault),
        Arguments.of("save 900 1 300 10", Persistence.RDB, custom),
        Arguments.of("appendonly no\nsave 900 1\nsave 300 10", Persistence.RDB, custom),
        Arguments.of("appendonly no\nappendfsync everysec\nsave 900 1 300 10", Persistence.RDB, custom),
        Arguments.of("appendonly no\nsave \"\"", Persistence.NONE, redisDefault),
        Arguments.of("save \"\"", Persistence.NONE, redisDefault),
        Arguments.of("SAVE \"\"\nsave \"\"", Persistence.NONE, redisDefault),
        Arguments.of("appendonly no", Persistence.RDB, redisDefault),
        Arguments.of("maxclients 10", Persistence.RDB, redisDefault));
  }

  @ParameterizedTest
  @MethodSource
  void persistence(String text, Persistence expected, List<SavePoint> savePoints) {
    Plan plan = plan(text);

    assertThat(plan.persistence()).isEqualTo(expected);
    assertThat(plan.savePoints()).isEqualTo(savePoints);
  }

  @Test
  void contradictionsAreRefusedNotGuessed() {
    assertRefused("appendonly yes\nappendfsync always\nsave 900 1",
        "premium.conf:3: save points cannot be combined with appendfsync always (line 2): a plan has one "
            + "persistence mode; remove the save points or use appendfsync everysec");
    assertRefused("appendfsync always", "premium.conf:1: appendfsync always needs appendonly yes");
    assertRefused("appendonly no\nappendfsync always", "premium.conf:2: appendfsync always needs appendonly yes");
    assertRefused("save \"\"\nsave 900 1", "premium.conf:2: save points contradict save \"\" on line 1");
    assertRefused("save 900 1\n\nsave \"\"", "premium.conf:3: save \"\" contradicts the save points on line 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maxmemory 1mb", "maxmemory-policy noeviction", "appendonly yes", "appendfsync everysec",
      "maxclients 10", "databases 2", "timeout 1", "tcp-keepalive 1"})
  void directiveGivenTwiceIsRefused(String line) {
    String directive = line.substring(0, line.indexOf(' '));
    assertRefused("# header\n" + line + "\n" + line.toUpperCase(),
        "premium.conf:3: directive '" + directive + "' is given twice (first on line 2)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"include /etc/redis/other.conf", "loadmodule /tmp/evil.so", "dir /", "dbfilename x.rdb",
      "appendfilename x.aof", "appenddirname x", "logfile /tmp/x", "pidfile /tmp/x", "unixsocket /tmp/x",
      "unixsocketperm 777", "aclfile /tmp/x", "user evil on nopass ~* +@all", "requirepass x", "masterauth x",
      "masteruser x", "replicaof 10.0.0.1 6379", "slaveof 10.0.0.1 6379", "rename-command CONFIG \"\"",
      "enable-debug-command yes", "enable-module-command yes", "enable-protected-configs yes", "protected-mode no",
      "bind 0.0.0.0", "port 6379", "tls-port 6380", "tls-cert-file /x", "tls-key-file /x", "tls-ca-cert-file /x",
      "tls-auth-clients no", "daemonize yes", "supervised systemd"})
  void forbiddenDirectivesAreRefusedWhateverTheirValue(String line) {
    String directive = line.split(" ")[0];
    assertRefused("maxmemory 1mb\n" + line, "premium.conf:2: directive '" + directive
        + "' is forbidden in a plan: the library controls it");
  }

  @Test
  void forbiddenCheckIsCaseInsensitive() {
    assertRefused("INCLUDE /etc/passwd", "premium.conf:1: directive 'include' is forbidden in a plan: the library controls it");
    assertRefused("Tls-Port 1", "premium.conf:1: directive 'tls-port' is forbidden in a plan: the library controls it");
  }

  @Test
  void unknownDirectiveListsTheAllowedOnes() {
    assertRefused("maxmemory-samples 5", "premium.conf:1: unknown directive 'maxmemory-samples'; allowed: " + ALLOWED);
    assertRefused("\n\nlatency-tracking yes", "premium.conf:3: unknown directive 'latency-tracking'; allowed: " + ALLOWED);
  }

  @Test
  void lineThatDoesNotStartWithDirectiveName() {
    assertRefused("=maxmemory 1mb", "premium.conf:1: expected a directive name, found '=maxmemory'");
    assertRefused("9lives 1", "premium.conf:1: expected a directive name, found '9lives'");
  }

  @Test
  void badValuesNameLineAndReason() {
    assertRefused("maxmemory 10 mb",
        "premium.conf:1: directive 'maxmemory' takes exactly one value, e.g. 'maxmemory 256mb'; found 2");
    assertRefused("maxmemory", "premium.conf:1: directive 'maxmemory' takes exactly one value, e.g. "
        + "'maxmemory 256mb'; found 0");
    assertRefused("maxmemory lots", "premium.conf:1: Memory size 'lots' is not a size; use a whole number with an "
        + "optional unit: 1048576, 512k, 256mb, 1gb");
    assertRefused("maxmemory 0", "premium.conf:1: maxMemory 0b is below the minimum of 1mb (a tenant is never unlimited)");
    assertRefusedStartingWith("maxmemory-policy lru", "premium.conf:1: Eviction policy 'lru' is not one Redis knows; "
        + "allowed: noeviction, allkeys-lru");
    assertRefused("appendonly maybe", "premium.conf:1: appendonly 'maybe' is not allowed; use yes or no");
    assertRefused("appendonly yes\nappendfsync no", "premium.conf:2: appendfsync no is refused: it leaves flushing "
        + "to the operating system, so a crash can lose many seconds of acknowledged writes; use everysec or always");
    assertRefused("appendfsync sometimes", "premium.conf:1: appendfsync 'sometimes' is not allowed; use everysec or always");
    assertRefused("maxclients 0", "premium.conf:1: maxClients 0 is out of range; allowed 1 to 100000");
    assertRefused("maxclients -1", "premium.conf:1: maxclients value '-1' is not a whole number of 0 or more");
    assertRefused("maxclients 1.5", "premium.conf:1: maxclients value '1.5' is not a whole number of 0 or more");
    assertRefused("maxclients 99999999999", "premium.conf:1: maxclients value 99999999999 is too large");
    assertRefused("maxclients 1234567890123456789012",
        "premium.conf:1: maxclients value '1234567890123456789012' is too large");
    assertRefused("databases 2000", "premium.conf:1: databases 2000 is out of range; allowed 1 to 1024");
    assertRefused("timeout 31536001", "premium.conf:1: idleTimeout PT8760H1S is invalid; use whole seconds from 0 "
        + "to a year");
    assertRefused("tcp-keepalive 5s", "premium.conf:1: tcp-keepalive value '5s' is not a whole number of 0 or more");
  }

  @Test
  void badSaveLines() {
    String usage = "premium.conf:1: save takes \"\" or pairs of seconds and changes, e.g. 'save 900 1 300 10'; found ";
    assertRefused("save", usage + "0 value(s)");
    assertRefused("save 900", usage + "1 value(s)");
    assertRefused("save 900 1 300", usage + "3 value(s)");
    assertRefused("save 0 1", "premium.conf:1: Save point '0 1' is invalid; seconds and changes must both be 1 or more");
    assertRefused("save 900 x", "premium.conf:1: save value 'x' is not a whole number of 0 or more");
  }

  @ParameterizedTest
  @ValueSource(strings = {"save ''", "save \"900 1\"", "save \"\" \"\"", "save \"\" 900 1", "save \"\"\"\"",
      "maxmemory \"256mb\"", "maxmemory '256mb'", "maxmemory-policy \"allkeys-lru\"", "save 900 \"1\""})
  void quotesOtherThanTheExactEmptySaveAreRefused(String line) {
    assertRefused(line, "premium.conf:1: quotes are not allowed (the only quoted value in a plan is save \"\")");
  }

  @Test
  void backslashesAndOtherPunctuationAreRefused() {
    assertRefused("maxmemory 256mb\\", "premium.conf:1: backslashes are not allowed");
    assertRefused("maxmemory 256\\x6db", "premium.conf:1: backslashes are not allowed");
    assertRefused("maxmemory 256mb;include", "premium.conf:1: character ';' is not allowed in a value");
    assertRefused("maxmemory $(id)", "premium.conf:1: character '$' is not allowed in a value");
    assertRefused("maxmemory 256mb # roomy",
        "premium.conf:1: character '#' is not allowed in a value (comments go on their own line)");
  }

  @Test
  void trailingGarbageIsRefused() {
    assertRefused("maxmemory-policy allkeys-lru now", "premium.conf:1: directive 'maxmemory-policy' takes exactly one "
        + "value, e.g. 'maxmemory-policy allkeys-lru'; found 2");
    assertRefused("appendonly yes please", "premium.conf:1: directive 'appendonly' takes exactly one value, e.g. "
        + "'appendonly yes'; found 2");
  }

  @Test
  void carriageReturnsAreRefusedEvenAsLineEndings() {
    String reason = "carriage return (CR) is not allowed; save the file with LF line endings";
    assertRefused("maxmemory 1mb\r\nmaxclients 5\r\n", "premium.conf:1: " + reason);
    assertRefused("maxmemory 1mb\nmaxclients 5\rinclude /etc/passwd\n", "premium.conf:2: " + reason);
    assertRefused("# a comment\r\n", "premium.conf:1: " + reason);
  }

  @Test
  void controlAndInvisibleCharactersAreRefusedEvenInComments() {
    assertRefused("maxmemory 1mb\0include x", "premium.conf:1: character U+0000 is not allowed (control or invisible "
        + "formatting character)");
    assertRefusedStartingWith("\n# \u001b[2Jhidden\n", "premium.conf:2: character U+001B is not allowed");
    assertRefusedStartingWith("maxmemory 1mb\u000bx", "premium.conf:1: character U+000B is not allowed");
    assertRefusedStartingWith("maxmemory 1mb\u000cx", "premium.conf:1: character U+000C is not allowed");
    assertRefusedStartingWith("maxmemory 1mb\u0085x", "premium.conf:1: character U+0085 is not allowed");
    assertRefusedStartingWith("# \u202egol\n", "premium.conf:1: character U+202E is not allowed");
    assertRefusedStartingWith("maxmemory 1mb\u2028include x", "premium.conf:1: character U+2028 is not allowed");
    assertRefusedStartingWith("\ufeffmaxmemory 1mb", "premium.conf:1: character U+FEFF is not allowed");
  }

  @Test
  void nonAsciiOnlyInComments() {
    assertThat(plan("# Größe für Kunden – 256 MB\nmaxmemory 256mb").maxMemory()).isEqualTo(MemorySize.ofMegabytes(256));
    assertRefused("maxmemory 256mb\u00a0", "premium.conf:1: non-ASCII character in a directive line (only comment "
        + "lines may have them)");
    assertRefused("maxmemory ２５６mb", "premium.conf:1: non-ASCII character in a directive line (only comment lines "
        + "may have them)");
  }

  @Test
  void overLongLinesAreRefused() {
    String ok = "#" + "x".repeat(PlanFile.MAX_LINE - 1);
    assertThat(plan(ok + "\nmaxclients 7").maxClients()).isEqualTo(7);
    assertRefused("maxclients 7\n" + ok + "x", "premium.conf:2: line is longer than 1024 characters");
    assertRefused("maxmemory " + "1".repeat(2000), "premium.conf:1: line is longer than 1024 characters");
  }

  @Test
  void overLargeFilesAreRefused() {
    String line = "#" + "x".repeat(1022) + "\n"; // 1024 bytes
    String exactly64k = line.repeat(64);
    assertThat(exactly64k).hasSize(PlanFile.MAX_BYTES);
    assertThat(plan(exactly64k)).isEqualTo(Plan.builder("premium").build());
    assertRefused(exactly64k + "\n", "premium.conf: file is larger than 65536 bytes");
  }

  @Test
  void invalidUtf8IsRefusedWithItsLine() {
    byte[] text = "# ok\nmaxmemory 1mb \u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
    write(text);
    assertThatThrownBy(() -> Plans.directory(dir).find("premium"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("premium.conf:2: not valid UTF-8");

    write(new byte[] {'#', ' ', (byte) 0xc0, (byte) 0xaf}); // overlong '/', a classic filter bypass
    assertThatThrownBy(() -> Plans.directory(dir).find("premium"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("premium.conf:1: not valid UTF-8");

    write(new byte[] {'#', (byte) 0xed, (byte) 0xa0, (byte) 0x80}); // an encoded lone surrogate
    assertThatThrownBy(() -> Plans.directory(dir).find("premium"))
        .isInstanceOf(InvalidRequestException.class).hasMessage("premium.conf:1: not valid UTF-8");
  }

  @Test
  void messagesNeverEchoRawContent() {
    assertRefused("maxmemory-policy " + "a".repeat(60),
        "premium.conf:1: Eviction policy '" + "a".repeat(40) + "…' is not one Redis knows; allowed: noeviction, "
            + "allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl");
    assertRefused("maxclients " + "7".repeat(50), "premium.conf:1: maxclients value '" + "7".repeat(40)
        + "…(50 chars)' is too large");
  }

  @Test
  void backupScheduleAndRetention() {
    Plan plan = plan("backup-schedule daily 02:30\nbackup-retention-count 7\nbackup-retention-days 14\n");
    assertThat(plan.backupSchedule()).isEqualTo(BackupSchedule.dailyAt(java.time.LocalTime.of(2, 30)));
    assertThat(plan.backupRetention()).isEqualTo(new BackupRetention(7, Duration.ofDays(14)));
    assertThat(plan("backup-schedule every PT6H").backupSchedule())
        .isEqualTo(BackupSchedule.every(Duration.ofHours(6)));
    assertThat(plan("backup-schedule none").backupSchedule()).isEqualTo(BackupSchedule.NONE);
    assertThat(plan("backup-retention-days 3").backupRetention()).isEqualTo(new BackupRetention(50, Duration.ofDays(3)));
    assertThat(plan("maxclients 5").backupSchedule()).isEqualTo(BackupSchedule.daily());
  }

  @Test
  void accessAndClientAuthAreTypedAndCaseInsensitive() {
    Plan plan = plan("# mutual TLS only\naccess tls-only\nclient-auth yes\n");
    assertThat(plan.access()).isEqualTo(Access.TLS_ONLY);
    assertThat(plan.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(plan("ACCESS Dual\nClient-Auth OPTIONAL").clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
    assertThat(plan("access dual").access()).isEqualTo(Access.DUAL);
    assertThat(plan("access plain\nclient-auth no").access()).isEqualTo(Access.PLAIN);
    assertThat(plan("maxclients 5").access()).as("default").isEqualTo(Access.PLAIN);
  }

  @Test
  void badAccessAndClientAuthAreRefusedWithTheirLine() {
    assertRefused("access TLS_ONLY", "premium.conf:1: access 'TLS_ONLY' is not allowed; use plain, tls-only or dual");
    assertRefused("access tls", "premium.conf:1: access 'tls' is not allowed; use plain, tls-only or dual");
    assertRefused("access tls-only dual",
        "premium.conf:1: directive 'access' takes exactly one value, e.g. 'access tls-only'; found 2");
    assertRefused("access dual\naccess plain",
        "premium.conf:2: directive 'access' is given twice (first on line 1)");
    assertRefused("access dual\nclient-auth required",
        "premium.conf:2: client-auth 'required' is not allowed; use yes, optional or no");
    assertRefused("maxclients 5\nclient-auth yes",
        "premium.conf:2: client-auth needs TLS; add 'access tls-only' or 'access dual'");
    assertRefused("client-auth optional\naccess plain",
        "premium.conf:1: client-auth needs TLS; add 'access tls-only' or 'access dual' instead of access plain");
    assertRefused("access dual;", "premium.conf:1: character ';' is not allowed in a value");
    assertRefused("tls-auth-clients yes",
        "premium.conf:1: directive 'tls-auth-clients' is forbidden in a plan: the library controls it");
  }

  @Test
  void badBackupSettingsAreRefusedWithTheirLine() {
    assertRefusedStartingWith("\nbackup-schedule weekly", "premium.conf:2: ");
    assertRefused("backup-schedule daily;03:00",
        "premium.conf:1: backup-schedule value 'daily;03:00' is not a schedule; use none, daily, daily 03:00 or every PT6H");
    assertRefused("backup-retention-count 0",
        "premium.conf:1: backup retention maxCount 0 is out of range; allowed 1 to 10000");
    assertRefused("backup-retention-days 0", "premium.conf:1: backup-retention-days 0 is out of range; allowed 1 to 36500");
  }
}
