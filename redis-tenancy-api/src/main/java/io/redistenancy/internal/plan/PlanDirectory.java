package io.redistenancy.internal.plan;

import io.redistenancy.internal.Checked;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import io.redistenancy.internal.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans read from a directory: plan {@code NAME} is {@code NAME.conf} (see {@link ConfPlanParser})
 * or {@code NAME.json} (see {@link JsonPlanParser}), never both. Nothing is cached: each
 * {@link #find} reads the file again, so an edit applies to the next tenant created. Holds no
 * mutable state, so it is thread-safe.
 *
 * <h2>Errors</h2>
 * Every refusal is an {@link InvalidRequestException}. A name that is not a valid plan name is
 * refused before any path is built (a valid name has no {@code /} or {@code .}, so a lookup never
 * leaves the directory); a missing directory is named with its path. Problems in a file are
 * reported as {@code FILE:LINE: reason}, or {@code FILE: reason} when no line applies, where FILE is
 * the file's name in the directory, for example:
 * <pre>
 * premium.conf:3: directive 'include' is forbidden in a plan: the library controls it
 * premium.conf:4: unknown directive 'maxmemory-samples'; allowed: maxmemory, maxmemory-policy, …
 * premium.conf:2: carriage return (CR) is not allowed; save the file with LF line endings
 * premium.conf: file is larger than 65536 bytes
 * premium.conf: plan 'premium' is also defined by premium.json; keep one of the two files
 * premium.json:2: unknown key 'maxmemory'; allowed: maxMemory, evictionPolicy, …
 * </pre>
 * {@link #names()} lists the plans whose file names are valid plan names; other files (backups,
 * editor swap files, {@code Premium.conf}) are ignored there and cannot be looked up.
 */
public final class PlanDirectory implements PlanCatalog {
  private static final String CONF = ".conf";
  private static final String JSON = ".json";

  private final Path directory;

  public PlanDirectory(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * The plan {@code name}, read now from its file; empty if neither {@code name.conf} nor
   * {@code name.json} exists.
   *
   * @throws InvalidRequestException if the name is invalid, the directory is missing, both files
   *     exist, or the file is refused (with file, line and reason)
   */
  @Override
  public Optional<Plan> find(String name) {
    return read(Names.requireValid("Plan name", name)).map(PlanReading::orThrow);
  }

  /**
   * Every problem in the directory now: a missing directory, a name with both files, each problem in
   * each plan file (several per file where it has several), and files named like plans whose names
   * are not valid plan names (they could never be looked up).
   */
  @Override
  public List<String> problems() {
    if (!Files.isDirectory(directory)) {
      return List.of(missingDirectory());
    }
    List<String> problems = new ArrayList<>();
    for (String fileName : planFileNames()) {
      Optional<String> name = planName(fileName);
      if (name.isEmpty() && !fileName.startsWith(".")) { // a hidden file is not meant as a plan
        problems.add(fileName + ": not a valid plan name, so it can never be used; name plan files "
            + Names.RULE + ", then .conf or .json");
      }
      if (name.isEmpty()) {
        continue;
      }
      if (fileName.endsWith(JSON) && Files.exists(directory.resolve(name.get() + CONF), LinkOption.NOFOLLOW_LINKS)) {
        continue; // the .conf's reading reports the pair
      }
      try {
        read(name.get()).ifPresent(r -> r.problems().forEach(p -> problems.add(p.getMessage())));
      } catch (InvalidRequestException e) {
        problems.add(e.getMessage());
      } catch (Checked.IoFailure e) {
        problems.add(fileName + ": cannot be read: " + e.getCause().getMessage());
      }
    }
    return problems;
  }

  private Optional<PlanReading> read(String name) {
    requireDirectory();
    Path conf = directory.resolve(name + CONF);
    Path json = directory.resolve(name + JSON);
    boolean hasConf = Files.exists(conf, LinkOption.NOFOLLOW_LINKS);
    boolean hasJson = Files.exists(json, LinkOption.NOFOLLOW_LINKS);
    if (hasConf && hasJson) {
      throw new InvalidRequestException(name + CONF + ": plan '" + name + "' is also defined by " + name + JSON
          + "; keep one of the two files");
    }
    if (hasConf) {
      return Optional.of(ConfPlanParser.read(name, PlanFile.read(conf)));
    }
    if (hasJson) {
      return Optional.of(JsonPlanParser.read(name, PlanFile.read(json)));
    }
    return Optional.empty();
  }

  /** The plans in the directory now, sorted; files whose names are not valid plan names are skipped. */
  @Override
  public Set<String> names() {
    requireDirectory();
    Set<String> names = new TreeSet<>();
    for (String fileName : planFileNames()) {
      planName(fileName).ifPresent(names::add);
    }
    return Collections.unmodifiableSet(names);
  }

  /** The names of the files ending in .conf or .json, sorted. */
  private Set<String> planFileNames() {
    Set<String> files = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (fileName.endsWith(CONF) || fileName.endsWith(JSON)) {
          files.add(fileName);
        }
      }
    } catch (IOException e) {
      throw Checked.failure("list plan directory " + directory, e);
    }
    return files;
  }

  private static Optional<String> planName(String fileName) {
    String base;
    if (fileName.endsWith(CONF)) {
      base = fileName.substring(0, fileName.length() - CONF.length());
    } else if (fileName.endsWith(JSON)) {
      base = fileName.substring(0, fileName.length() - JSON.length());
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(Names.requireValid("Plan name", base));
    } catch (InvalidRequestException e) {
      return Optional.empty(); // not a plan file; find() refuses such a name anyway
    }
  }

  private void requireDirectory() {
    if (!Files.isDirectory(directory)) {
      throw new InvalidRequestException(missingDirectory());
    }
  }

  private String missingDirectory() {
    return "Plan directory " + directory + " does not exist or is not a directory; "
        + "create it or pass the right path to Plans.directory(…)";
  }

  @Override
  public String toString() {
    return "Plans.directory(" + directory + ")";
  }
}
