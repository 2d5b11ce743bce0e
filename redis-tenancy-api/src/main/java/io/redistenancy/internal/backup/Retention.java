package io.redistenancy.internal.backup;

import io.redistenancy.Backup;
import io.redistenancy.BackupRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which backups a {@link BackupRetention} lets go. */
public final class Retention {
  private Retention() {}

  /**
   * The backups beyond {@code maxCount} (counting from the newest) or older than {@code maxAge} at
   * {@code now}, newest first; never the newest backup.
   */
  public static List<Backup> expired(List<Backup> backups, BackupRetention retention, Instant now) {
    List<Backup> newestFirst = new ArrayList<>(backups);
    newestFirst.sort(Comparator.comparing(Backup::time).thenComparing(Backup::id).reversed());
    Instant oldestKept = now.minus(retention.maxAge());
    List<Backup> expired = new ArrayList<>();
    for (int i = 1; i < newestFirst.size(); i++) {
      Backup b = newestFirst.get(i);
      if (i >= retention.maxCount() || b.time().isBefore(oldestKept)) {
        expired.add(b);
      }
    }
    return expired;
  }
}
