package io.redistenancy.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Plan;
import io.redistenancy.TenancyException;
import io.redistenancy.spi.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading every record of a home with many tenants (the parallel path of {@link StateStore#loadAll()}). */
class StateStoreLoadTest {
  private static final int TENANTS = 200;

  @TempDir
  Path home;

  @Test
  void aHomeWithManyTenantsIsReadWholeAndTheSameAsWritten() {
    List<TenantRecord> written = IntStream.range(0, TENANTS)
        .mapToObj(i -> TenantRecord.creating(TenantId.of("t" + i), Plan.DEFAULT, List.of(), Instant.EPOCH.plusSeconds(i)))
        .toList();
    StateStore store = new StateStore(home);
    written.forEach(store::save);
    store.close();

    StateStore reopened = new StateStore(home);
    assertThat(reopened.loadAll()).extracting(TenantRecord::id)
        .containsExactlyInAnyOrderElementsOf(written.stream().map(TenantRecord::id).toList());
    reopened.close();
  }

  @Test
  void oneUnreadableRecordAmongManyFailsTheLoadNamingItsFile() throws Exception {
    StateStore store = new StateStore(home);
    IntStream.range(0, TENANTS).forEach(i ->
        store.save(TenantRecord.creating(TenantId.of("t" + i), Plan.DEFAULT, List.of(), Instant.EPOCH)));
    Files.writeString(home.resolve("tenants/t117.json"), "{ torn");
    assertThatThrownBy(store::loadAll).isInstanceOf(TenancyException.class)
        .hasMessageContaining("tenants/t117.json is unreadable");
    store.close();
  }
}
