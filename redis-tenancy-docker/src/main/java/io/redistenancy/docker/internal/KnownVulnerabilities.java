package io.redistenancy.docker.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis vulnerabilities a tenant can reach with its own commands (remote code execution through Lua
 * scripts or HyperLogLog values), each with the first fixed release of every line that got a fix.
 *
 * <p>A release is vulnerable to one of them when its line has a fix and the release is older, or when
 * its line is older than the newest line with a fix and has none (an unmaintained line, such as 7.0
 * or anything before 6.2). Lines newer than every fix are taken as fixed from their first release.
 *
 * <p>Limits: the table is what Redis's advisories said up to October 2025 (the 2025-10-03 releases
 * 6.2.20, 7.2.11, 7.4.6, 8.0.4, 8.2.2); it knows upstream version numbers only, so a distribution
 * build with the fixes backported (Debian's 7.0.15) is flagged too and must be acknowledged by the
 * operator; it lists only bugs reachable by a logged-in tenant, not every CVE.
 */
enum KnownVulnerabilities {
  CVE_2025_49844("Lua parser use-after-free (remote code execution)", "6.2.20", "7.2.11", "7.4.6", "8.0.4", "8.2.2"),
  CVE_2025_46817("Lua unpack integer overflow (remote code execution)", "6.2.20", "7.2.11", "7.4.6", "8.0.4", "8.2.2"),
  CVE_2025_46818("Lua metatables shared across users (code run as another user)", "6.2.20", "7.2.11", "7.4.6",
      "8.0.4", "8.2.2"),
  CVE_2025_46819("Lua out-of-bounds read (crash)", "6.2.20", "7.2.11", "7.4.6", "8.0.4", "8.2.2"),
  CVE_2025_32023("HyperLogLog out-of-bounds write (remote code execution)", "6.2.19", "7.2.10", "7.4.5", "8.0.3"),
  CVE_2024_46981("Lua garbage collector use-after-free (remote code execution)", "6.2.17", "7.2.7", "7.4.2"),
  CVE_2024_31449("Lua bit library stack overflow (remote code execution)", "6.2.16", "7.2.6", "7.4.1");

  private final String what;
  private final List<int[]> fixedIn;

  KnownVulnerabilities(String what, String... fixedIn) {
    this.what = what;
    this.fixedIn = Arrays.stream(fixedIn).map(v -> parse(v).orElseThrow()).toList();
  }

  /** The CVE's name, e.g. {@code CVE-2025-49844}. */
  String cve() {
    return name().replace('_', '-');
  }

  String what() {
    return what;
  }

  /** The first release of {@code version}'s line with the fix, if its line has one. */
  Optional<String> fixedInLineOf(int[] version) {
    return fixedIn.stream().filter(f -> f[0] == version[0] && f[1] == version[1]).findFirst()
        .map(f -> f[0] + "." + f[1] + "." + f[2]);
  }

  boolean affects(int[] version) {
    Optional<int[]> sameLine = fixedIn.stream().filter(f -> f[0] == version[0] && f[1] == version[1]).findFirst();
    if (sameLine.isPresent()) {
      return version[2] < sameLine.get()[2];
    }
    int[] newestLine = fixedIn.get(fixedIn.size() - 1);
    return compareLine(version, newestLine) < 0;
  }

  /** The vulnerabilities of {@code version} (e.g. {@code 7.4.2}); none for a version it cannot read. */
  static List<KnownVulnerabilities> of(String version) {
    return parse(version).map(v -> Arrays.stream(values()).filter(c -> c.affects(v)).toList()).orElse(List.of());
  }

  static Optional<int[]> parse(String version) {
    Matcher m = Syntax.VERSION.matcher(version.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3))});
  }

  /** Outside the enum's own statics, which its constants' constructors run before. */
  private static final class Syntax {
    static final Pattern VERSION = Pattern.compile("([0-9]{1,4})\\.([0-9]{1,4})\\.([0-9]{1,6})");
  }

  private static int compareLine(int[] a, int[] b) {
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }
}
