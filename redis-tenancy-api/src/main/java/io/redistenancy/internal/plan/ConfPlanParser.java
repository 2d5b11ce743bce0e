package io.redistenancy.internal.plan;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a plan from redis.conf-style lines: {@code directive value…}, {@code #} comments on their
 * own lines, blank lines. Directive names are case-insensitive. Only {@link #ALLOWED} directives
 * are accepted, each value parsed into a type; the directives the library writes itself
 * ({@link #FORBIDDEN}, {@code tls-*}) are refused as forbidden, anything else as unknown.
 *
 * <p>Values are bare tokens of {@code A-Z a-z 0-9 . _ -}; the one quoted value is the exact
 * {@code save ""}, {@code backup-schedule} takes a schedule's text form ({@code daily 03:00}), and
 * {@code notify-keyspace-events} Redis's flag letters ({@code Egx}, {@code KEA}, {@code ""} for none).
 * Persistence is derived from {@code appendonly}, {@code appendfsync} and {@code save} together (see
 * {@link #persistence}); contradictions are refused, not guessed at. {@code access plain|tls-only|dual}
 * and {@code client-auth yes|optional|no} (the values of Redis's {@code tls-auth-clients}) choose TLS:
 * the library's own names, since every {@code tls-*} directive is the library's to write.
 */
final class ConfPlanParser {
  /** The table's directives by their file name; they need no code here. */
  private static final Map<String, PlanDirective<?>> DIRECTIVES = PlanDirectives.inFiles().stream()
      .collect(Collectors.toMap(d -> d.fileName().orElseThrow(), d -> d, (a, b) -> a, LinkedHashMap::new));

  /** The directives that spell several plan values together (persistence, TLS, backups), read below. */
  private static final List<String> COMPOUND = List.of("appendonly", "appendfsync", "save", "backup-schedule",
      "backup-retention-count", "backup-retention-days", "access", "client-auth");

  static final List<String> ALLOWED = Stream.concat(DIRECTIVES.keySet().stream(), COMPOUND.stream()).toList();

  /** Never tenant-settable: the library sets them (paths, users, listeners) or they load code. */
  static final Set<String> FORBIDDEN = Set.of("include", "loadmodule", "dir", "dbfilename", "appendfilename",
      "appenddirname", "logfile", "pidfile", "unixsocket", "unixsocketperm", "aclfile", "user", "requirepass",
      "masterauth", "masteruser", "replicaof", "slaveof", "rename-command", "enable-debug-command",
      "enable-module-command", "enable-protected-configs", "protected-mode", "bind", "port", "daemonize",
      "supervised");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern BLANKS = Pattern.compile("[ \t]+");
  private static final Pattern EDGE_BLANKS = Pattern.compile("^[ \t]+|[ \t]+$");
  /** The one quoted value a plan has: {@code save ""} (no snapshots), {@code notify-keyspace-events ""}. */
  private static final String EMPTY = "\"\"";
  private static final String NO_SNAPSHOTS = EMPTY;

  private final PlanFile file;
  private final PlanValues values;
  private final Map<String, Integer> firstLine = new HashMap<>();
  private final List<SavePoint> savePoints = new ArrayList<>();
  private int savePointsLine;
  private int noSnapshotsLine;
  private Boolean appendOnly;
  private int appendOnlyLine;
  private boolean fsyncAlways;
  private int fsyncLine;
  private Access access;
  private int clientAuthLine;

  private ConfPlanParser(String planName, PlanFile file) {
    this.file = file;
    this.values = new PlanValues(file, planName);
  }

  /**
   * Reads every line, collecting each line's problem; the checks across lines (persistence, client
   * auth, the plan's own) run only when every line was valid, since a refused line leaves them guessing.
   */
  static PlanReading read(String planName, PlanFile file) {
    ConfPlanParser parser = new ConfPlanParser(planName, file);
    List<InvalidRequestException> problems = new ArrayList<>();
    String[] lines = file.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      try {
        parser.line(i + 1, lines[i]);
      } catch (InvalidRequestException e) {
        problems.add(e);
      }
    }
    if (!problems.isEmpty()) {
      return PlanReading.refused(problems);
    }
    try {
      parser.persistence();
      parser.checkClientAuth();
      return PlanReading.of(parser.values.build());
    } catch (InvalidRequestException e) {
      return PlanReading.refused(List.of(e));
    }
  }

  private void line(int number, String line) {
    String content = EDGE_BLANKS.matcher(line).replaceAll("");
    if (content.isEmpty() || content.startsWith("#")) {
      return;
    }
    for (int i = 0; i < content.length(); i++) {
      if (content.charAt(i) > 0x7e) {
        throw file.error(number, "non-ASCII character in a directive line (only comment lines may have them)");
      }
    }
    String[] tokens = BLANKS.split(content);
    String directive = tokens[0].toLowerCase(Locale.ROOT);
    if (!NAME.matcher(directive).matches()) {
      throw file.error(number, "expected a directive name, found '" + PlanFile.shown(tokens[0]) + "'");
    }
    if (FORBIDDEN.contains(directive) || directive.startsWith("tls-")) {
      throw file.error(number, "directive '" + directive + "' is forbidden in a plan: the library controls it");
    }
    if (!ALLOWED.contains(directive)) {
      throw file.error(number, "unknown directive '" + directive + "'; allowed: " + String.join(", ", ALLOWED));
    }
    List<String> args = List.of(tokens).subList(1, tokens.length);
    checkValues(number, directive, args);
    Integer first = firstLine.putIfAbsent(directive, number);
    if (first != null && !directive.equals("save")) {
      throw file.error(number, "directive '" + directive + "' is given twice (first on line " + first + ")");
    }
    apply(number, directive, args);
  }

  private void checkValues(int number, String directive, List<String> args) {
    if (directive.equals("save") && args.equals(List.of(NO_SNAPSHOTS))
        || directive.equals("backup-schedule")) { // checked as a schedule (a time has a colon)
      return;
    }
    PlanDirective<?> tabled = DIRECTIVES.get(directive);
    if (tabled != null && args.size() == 1
        && tabled.fileToken().map(token -> token.matcher(args.get(0)).matches()).orElse(false)) {
      return; // e.g. keyspace event letters, '$' among them: parsed as its type
    }
    for (String arg : args) {
      if (VALUE.matcher(arg).matches()) {
        continue;
      }
      if (arg.indexOf('"') >= 0 || arg.indexOf('\'') >= 0) {
        throw file.error(number, "quotes are not allowed (the only quoted value in a plan is save \"\")");
      }
      if (arg.indexOf('\\') >= 0) {
        throw file.error(number, "backslashes are not allowed");
      }
      char bad = firstBadCharacter(arg);
      throw file.error(number, "character '" + bad + "' is not allowed in a value"
          + (bad == '#' ? " (comments go on their own line)" : ""));
    }
  }

  private static char firstBadCharacter(String arg) {
    for (int i = 0; i < arg.length(); i++) {
      if (!VALUE.matcher(arg.substring(i, i + 1)).matches()) {
        return arg.charAt(i);
      }
    }
    throw new IllegalArgumentException("no bad character in " + arg);
  }

  private void apply(int number, String directive, List<String> args) {
    if (directive.equals("save")) {
      save(number, args);
      return;
    }
    if (directive.equals("backup-schedule")) {
      values.backupSchedule(number, directive, String.join(" ", args));
      return;
    }
    if (args.size() != 1) {
      throw file.error(number, "directive '" + directive + "' takes exactly one value, e.g. '" + example(directive)
          + "'; found " + args.size());
    }
    String value = args.get(0);
    PlanDirective<?> tabled = DIRECTIVES.get(directive);
    if (tabled != null) {
      values.text(number, tabled, directive, value.equals(EMPTY) ? "" : value);
      return;
    }
    switch (directive) {
      case "appendonly" -> appendOnly(number, value);
      case "appendfsync" -> appendFsync(number, value);
      case "backup-retention-count" ->
          values.backupRetentionCount(number, directive, values.wholeNumber(number, directive, value));
      case "backup-retention-days" ->
          values.backupRetentionDays(number, directive, values.wholeNumber(number, directive, value));
      case "access" -> access(number, value);
      case "client-auth" -> clientAuth(number, value);
      default -> throw new IllegalStateException("allowed but not applied: " + directive);
    }
  }

  private static String example(String directive) {
    PlanDirective<?> tabled = DIRECTIVES.get(directive);
    if (tabled != null) {
      return tabled.fileExample();
    }
    return switch (directive) {
      case "appendonly" -> "appendonly yes";
      case "appendfsync" -> "appendfsync everysec";
      case "backup-retention-count" -> "backup-retention-count 50";
      case "backup-retention-days" -> "backup-retention-days 30";
      case "access" -> "access tls-only";
      default -> "client-auth yes";
    };
  }

  private void access(int number, String value) {
    access = switch (value.toLowerCase(Locale.ROOT)) {
      case "plain" -> Access.PLAIN;
      case "tls-only" -> Access.TLS_ONLY;
      case "dual" -> Access.DUAL;
      default -> throw file.error(number, "access '" + PlanFile.shown(value)
          + "' is not allowed; use plain, tls-only or dual");
    };
    values.access(number, "access", access.name());
  }

  private void clientAuth(int number, String value) {
    ClientAuth auth = switch (value.toLowerCase(Locale.ROOT)) {
      case "yes" -> ClientAuth.REQUIRED;
      case "optional" -> ClientAuth.OPTIONAL;
      case "no" -> ClientAuth.NONE;
      default -> throw file.error(number, "client-auth '" + PlanFile.shown(value)
          + "' is not allowed; use yes, optional or no");
    };
    values.clientAuth(number, "client-auth", auth.name());
    clientAuthLine = auth == ClientAuth.NONE ? 0 : number;
  }

  /** Client certificates need TLS: said at the client-auth line rather than by the plan builder. */
  private void checkClientAuth() {
    if (clientAuthLine != 0 && (access == null || access == Access.PLAIN)) {
      throw file.error(clientAuthLine, "client-auth needs TLS; add 'access tls-only' or 'access dual'"
          + (access == null ? "" : " instead of access plain"));
    }
  }

  private void appendOnly(int number, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "yes" -> appendOnly = true;
      case "no" -> appendOnly = false;
      default -> throw file.error(number, "appendonly '" + PlanFile.shown(value) + "' is not allowed; use yes or no");
    }
    appendOnlyLine = number;
  }

  private void appendFsync(int number, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "always" -> fsyncAlways = true;
      case "everysec" -> fsyncAlways = false;
      case "no" -> throw file.error(number, "appendfsync no is refused: it leaves flushing to the operating system, "
          + "so a crash can lose many seconds of acknowledged writes; use everysec or always");
      default -> throw file.error(number, "appendfsync '" + PlanFile.shown(value)
          + "' is not allowed; use everysec or always");
    }
    fsyncLine = number;
  }

  /** {@code save ""} (no snapshots) or pairs {@code save 900 1 300 10}; several lines add up. */
  private void save(int number, List<String> args) {
    if (args.equals(List.of(NO_SNAPSHOTS))) {
      if (!savePoints.isEmpty()) {
        throw file.error(number, "save \"\" contradicts the save points on line " + savePointsLine);
      }
      noSnapshotsLine = number;
      return;
    }
    if (args.isEmpty() || args.size() % 2 != 0) {
      throw file.error(number, "save takes \"\" or pairs of seconds and changes, e.g. 'save 900 1 300 10'; found "
          + args.size() + " value(s)");
    }
    if (noSnapshotsLine != 0) {
      throw file.error(number, "save points contradict save \"\" on line " + noSnapshotsLine);
    }
    for (int i = 0; i < args.size(); i += 2) {
      long seconds = values.wholeNumber(number, "save", args.get(i));
      long changes = values.wholeNumber(number, "save", args.get(i + 1));
      savePoints.add(values.savePoint(number, seconds, changes));
    }
    if (savePointsLine == 0) {
      savePointsLine = number;
    }
  }

  /**
   * appendonly yes: AOF_ALWAYS with appendfsync always (no save points allowed), RDB_AND_AOF with save
   * points, else AOF_EVERYSEC. appendonly no or absent: RDB with save points, NONE with save "", RDB
   * with Redis's default points for a bare appendonly no; nothing said keeps the plan default.
   */
  private void persistence() {
    if (fsyncAlways && !Boolean.TRUE.equals(appendOnly)) {
      throw file.error(fsyncLine, "appendfsync always needs appendonly yes");
    }
    if (Boolean.TRUE.equals(appendOnly)) {
      if (fsyncAlways) {
        if (!savePoints.isEmpty()) {
          throw file.error(savePointsLine, "save points cannot be combined with appendfsync always (line "
              + fsyncLine + "): a plan has one persistence mode; remove the save points or use appendfsync everysec");
        }
        values.persistence(fsyncLine, Persistence.AOF_ALWAYS);
      } else if (!savePoints.isEmpty()) {
        values.persistence(appendOnlyLine, Persistence.RDB_AND_AOF);
        values.savePoints(savePointsLine, savePoints);
      } else {
        values.persistence(appendOnlyLine, Persistence.AOF_EVERYSEC);
      }
    } else if (!savePoints.isEmpty()) {
      values.persistence(savePointsLine, Persistence.RDB);
      values.savePoints(savePointsLine, savePoints);
    } else if (noSnapshotsLine != 0) {
      values.persistence(noSnapshotsLine, Persistence.NONE);
    } else if (Boolean.FALSE.equals(appendOnly)) {
      values.persistence(appendOnlyLine, Persistence.RDB);
    }
  }
}
