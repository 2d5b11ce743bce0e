package io.redistenancy.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.TenancyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateJournalTest {
  @TempDir
  Path home;

  @Test
  void entriesAreReplayedInOrderAndALastLineACrashCutShortIsIgnored() throws Exception {
    Path file = home.resolve("state.journal");
    try (StateJournal journal = StateJournal.open(file)) {
      journal.append(new StateJournal.Entry("secrets/acme.json", "{\"a\":1}"));
      journal.append(new StateJournal.Entry("tenants/acme.json", "{\"b\":2}"));
    }
    Files.writeString(file, "{\"file\":\"tenants/glo", StandardOpenOption.APPEND); // a torn append
    try (StateJournal journal = StateJournal.open(file)) {
      assertThat(journal.replay()).containsExactly(new StateJournal.Entry("secrets/acme.json", "{\"a\":1}"),
          new StateJournal.Entry("tenants/acme.json", "{\"b\":2}"));
      journal.clear();
      assertThat(journal.replay()).isEmpty();
    }
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void anyOtherWriteBringsTheFilesUpToDateBeforeTheJournalIsEmptied() throws Exception {
    StateStore store = new StateStore(home);
    io.redistenancy.spi.TenantId acme = io.redistenancy.spi.TenantId.of("acme");
    store.saveNewSecrets(acme, Secrets.generate());
    store.saveNewSecrets(io.redistenancy.spi.TenantId.of("globex"), Secrets.generate());
    assertThat(Files.size(home.resolve("state.journal"))).isPositive();
    store.saveSecrets(acme, Secrets.generate()); // a write-through: the journal's changes go first
    assertThat(home.resolve("secrets/globex.json")).exists();
    assertThat(Files.size(home.resolve("state.journal"))).isZero();
    store.close();
  }

  @Test
  void aCorruptLineInTheMiddleStopsTheReplayWithItsNumber() throws Exception {
    Path file = home.resolve("state.journal");
    Files.writeString(file, "not json\n{\"file\":\"secrets/acme.json\",\"json\":\"{}\"}\n", StandardCharsets.UTF_8);
    try (StateJournal journal = StateJournal.open(file)) {
      assertThatThrownBy(journal::replay).isInstanceOf(TenancyException.class).hasMessageContaining("at line 1");
    }
  }

  @Test
  void aStoreReopenedAfterACrashHasWhatItsJournalHeld() throws Exception {
    StateStore store = new StateStore(home);
    Secrets secrets = Secrets.generate();
    store.saveNewSecrets(io.redistenancy.spi.TenantId.of("acme"), secrets);
    // a crash: the store is never closed, and the flush has not run yet
    assertThat(home.resolve("secrets/acme.json")).doesNotExist();
    Path copy = Files.createDirectories(home.resolve("copy"));
    Files.copy(home.resolve("state.journal"), copy.resolve("state.journal"));
    StateStore reopened = new StateStore(copy);
    assertThat(copy.resolve("secrets/acme.json")).exists();
    assertThat(reopened.secrets(io.redistenancy.spi.TenantId.of("acme"))).contains(secrets);
    assertThat(Files.size(copy.resolve("state.journal"))).as("replayed, then emptied").isZero();
    reopened.close();
    store.close();
    assertThat(home.resolve("secrets/acme.json")).as("a close brings the files up to date").exists();
  }

  @Test
  void aJournalNamingAnythingButAStateFileIsRefused() throws Exception {
    Files.writeString(home.resolve("state.journal"), "{\"file\":\"../evil.json\",\"json\":\"{}\"}\n");
    assertThatThrownBy(() -> new StateStore(home)).isInstanceOf(TenancyException.class)
        .hasMessageContaining("'../evil.json', which is not a state file");
    assertThat(home.resolve("../evil.json")).doesNotExist();
  }
}
