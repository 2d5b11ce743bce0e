package io.redistenancy.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.PlanCatalog;
import io.redistenancy.Plans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanDirectoryTest {
  private static final String NAME_RULE =
      "' is invalid: use 2 to 32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'";

  @TempDir Path dir;

  private PlanCatalog catalog() {
    return Plans.directory(dir);
  }

  private void write(String fileName, String text) throws IOException {
    Files.writeString(dir.resolve(fileName), text);
  }

  @Test
  void findsConfAndJsonPlansByNameAndNamesThePlanAfterTheFile() throws IOException {
    write("basic.conf", "maxmemory 32mb\n");
    write("premium.json", "{\"maxMemory\": \"1gb\"}");

    assertThat(catalog().find("basic")).contains(Plan.builder("basic").maxMemory(MemorySize.ofMegabytes(32)).build());
    assertThat(catalog().find("premium")).contains(Plan.builder("premium").maxMemory(MemorySize.ofGigabytes(1)).build());
    assertThat(catalog().find("gold")).isEmpty();
  }

  @Test
  void namesListsValidPlanFilesOnlySorted() throws IOException {
    write("premium.conf", "");
    write("basic.json", "{}");
    write("default.conf", "");
    write("Premium.conf", "");          // upper case: not a plan name
    write("a.conf", "");                // too short
    write(".hidden.conf", "");
    write("premium.conf.bak", "");
    write("premium.conf~", "");
    write("notes.txt", "");
    write("bad_name.json", "");
    write("x".repeat(40) + ".conf", "");
    Files.createDirectory(dir.resolve("sub"));

    assertThat(catalog().names()).containsExactly("basic", "default", "premium");
  }

  @Test
  void problemsListsEveryProblemOfEveryFileAtOnce() throws IOException {
    write("basic.conf", "maxmemory lots\n# fine\ninclude /etc/passwd\nmaxclients 0\n");
    write("premium.json", "{\n\"maxMemory\": 5,\n\"colour\": \"red\",\n\"maxClients\": 10\n}");
    write("broken.json", "{\"maxMemory\": ");
    write("both.conf", "");
    write("both.json", "{}");
    write("Gold.conf", "maxmemory 1gb\n");
    write(".hidden.conf", "include x\n"); // hidden on purpose: not a plan
    write("fine.conf", "maxmemory 32mb\n");
    write("persistence.conf", "appendfsync always\n");

    assertThat(catalog().problems()).containsExactly(
        "Gold.conf: not a valid plan name, so it can never be used; name plan files 2 to 32 characters of a-z, "
            + "0-9 and '-', starting with a letter and not ending with '-', then .conf or .json",
        "basic.conf:1: Memory size 'lots' is not a size; use a whole number with an optional unit: 1048576, 512k, "
            + "256mb, 1gb",
        "basic.conf:3: directive 'include' is forbidden in a plan: the library controls it",
        "basic.conf:4: maxClients 0 is out of range; allowed 1 to 100000",
        "both.conf: plan 'both' is also defined by both.json; keep one of the two files",
        "broken.json:1: invalid JSON: Unexpected end-of-input within/between Object entries",
        "persistence.conf:1: appendfsync always needs appendonly yes",
        "premium.json:2: maxMemory must be a string such as \"256mb\", not a whole number",
        "premium.json:3: unknown key 'colour'; allowed: " + String.join(", ", JsonPlanParser.KEYS));
    assertThat(catalog().find("fine")).isPresent();
    assertThatThrownBy(() -> catalog().find("basic")).as("a lookup still reports the first problem")
        .hasMessageStartingWith("basic.conf:1: Memory size 'lots'");
  }

  @Test
  void problemsOfAMissingDirectoryIsThatProblem() {
    assertThat(Plans.directory(dir.resolve("absent")).problems()).containsExactly("Plan directory "
        + dir.resolve("absent") + " does not exist or is not a directory; create it or pass the right path to "
        + "Plans.directory(…)");
  }

  @Test
  void namesIsEmptyForAnEmptyDirectory() {
    assertThat(catalog().names()).isEmpty();
  }

  @Test
  void bothFilesForOneNameIsAnError() throws IOException {
    write("premium.conf", "maxmemory 1mb");
    write("premium.json", "{}");

    assertThatThrownBy(() -> catalog().find("premium")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("premium.conf: plan 'premium' is also defined by premium.json; keep one of the two files");
    assertThat(catalog().names()).containsExactly("premium");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "..", "A*", "premium.conf", "a/b", "/etc/passwd", "p", "", "pre mium", "premium-",
      "Premium", "pr?", "pr[a]", "9lives", "über", "pre\nmium", "pre\0mium"})
  void invalidNamesAreRefusedBeforeAnyPathIsBuilt(String name) throws IOException {
    write("premium.conf", "");
    assertThatThrownBy(() -> catalog().find(name)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Plan name '").hasMessageEndingWith(NAME_RULE);
  }

  @Test
  void invalidNameMessagesAreExactAndMasked() {
    assertThatThrownBy(() -> catalog().find("../x")).hasMessage("Plan name '../x" + NAME_RULE);
    assertThatThrownBy(() -> catalog().find("A*")).hasMessage("Plan name 'A*" + NAME_RULE);
    assertThatThrownBy(() -> catalog().find("x".repeat(200)))
        .hasMessage("Plan name '" + "x".repeat(40) + "…(200 chars)" + NAME_RULE);
    assertThatThrownBy(() -> catalog().find("a\nb")).hasMessage("Plan name 'a?b" + NAME_RULE);
  }

  @Test
  void invalidNameIsRefusedEvenIfSuchAFileExists() throws IOException {
    Path outside = dir.resolve("outside");
    Files.createDirectory(outside);
    Files.writeString(dir.resolve("secret.conf"), "maxmemory 1mb");
    PlanCatalog inner = Plans.directory(outside);

    assertThatThrownBy(() -> inner.find("../secret")).isInstanceOf(InvalidRequestException.class);
    assertThat(inner.names()).isEmpty();
  }

  @Test
  void maximumLengthNameWorks() throws IOException {
    String name = "p" + "x".repeat(31);
    write(name + ".conf", "maxclients 3");

    assertThat(catalog().names()).containsExactly(name);
    assertThat(catalog().find(name).orElseThrow().maxClients()).isEqualTo(3);
  }

  @Test
  void missingDirectoryIsReportedOnLookupAndListing() {
    Path missing = dir.resolve("nope");
    PlanCatalog catalog = Plans.directory(missing); // creating the catalog does no I/O
    String message = "Plan directory " + missing + " does not exist or is not a directory; create it or pass the "
        + "right path to Plans.directory(…)";

    assertThatThrownBy(() -> catalog.find("premium")).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    assertThatThrownBy(catalog::names).isInstanceOf(InvalidRequestException.class).hasMessage(message);
  }

  @Test
  void aFileIsNotADirectory() throws IOException {
    write("file", "");
    assertThatThrownBy(() -> Plans.directory(dir.resolve("file")).names())
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not exist or is not a directory");
  }

  @Test
  void filesAreReadAtEachLookupSoEditsApplyToTheNextTenant() throws IOException {
    PlanCatalog catalog = catalog();
    write("premium.conf", "maxmemory 128mb");
    assertThat(catalog.find("premium").orElseThrow().maxMemory()).isEqualTo(MemorySize.ofMegabytes(128));

    write("premium.conf", "maxmemory 512mb");
    assertThat(catalog.find("premium").orElseThrow().maxMemory()).isEqualTo(MemorySize.ofMegabytes(512));

    Files.delete(dir.resolve("premium.conf"));
    write("premium.json", "{\"maxMemory\": \"2gb\"}");
    assertThat(catalog.find("premium").orElseThrow().maxMemory()).isEqualTo(MemorySize.ofGigabytes(2));
    assertThat(catalog.names()).containsExactly("premium");
  }

  @Test
  void symbolicLinksAreRefusedSoNothingOutsideTheDirectoryIsRead() throws IOException {
    Path target = Files.createTempFile("outside", ".conf");
    try {
      Files.writeString(target, "maxmemory 1mb");
      Files.createSymbolicLink(dir.resolve("premium.conf"), target);
      Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("missing.json"));

      assertThatThrownBy(() -> catalog().find("premium")).isInstanceOf(InvalidRequestException.class)
          .hasMessage("premium.conf: is a symbolic link; a plan file must be a regular file in the plan directory");
      assertThatThrownBy(() -> catalog().find("dangling")).isInstanceOf(InvalidRequestException.class)
          .hasMessage("dangling.json: is a symbolic link; a plan file must be a regular file in the plan directory");
    } finally {
      Files.delete(target);
    }
  }

  @Test
  void aDirectoryNamedLikeAPlanIsRefused() throws IOException {
    Files.createDirectory(dir.resolve("premium.conf"));
    assertThatThrownBy(() -> catalog().find("premium")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("premium.conf: is not a regular file");
  }

  @Test
  void nullNameIsAProgrammingError() {
    assertThatThrownBy(() -> catalog().find(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Plans.directory(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void catalogIsUsableFromManyThreads() throws Exception {
    write("premium.conf", "maxmemory 64mb\nmaxclients 9");
    PlanCatalog catalog = catalog();
    Plan expected = catalog.find("premium").orElseThrow();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<Plan>>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> catalog.find("premium").orElseThrow()));
      }
      for (var future : futures) {
        assertThat(future.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
