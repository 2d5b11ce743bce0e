package io.redistenancy.internal.backup;

import io.redistenancy.spi.ServerLogin;
import java.io.IOException;

/** Says what to do when a server will not hand out a snapshot over the replication protocol. */
public final class SnapshotRefusal {
  private static final String REFUSES = " refuses to send a snapshot over the replication protocol";

  private SnapshotRefusal() {}

  /**
   * The reason of a failed {@link SnapshotReceiver#receive} from {@code login}'s server; a refusal of the
   * replication commands (a user without them, or a managed service that disables them) is named as
   * such, with what to do; an explained reason is returned as it is.
   */
  public static String explain(ServerLogin login, IOException e) {
    String why = String.valueOf(e.getMessage());
    if (why.contains(REFUSES)) {
      return why; // explained already, where the snapshot was received
    }
    if (!why.contains("refused SYNC") && !why.startsWith("REPLCONF") && !why.contains("REPLCONF rdb-only")) {
      return why;
    }
    return login.endpoint() + REFUSES + " to user '" + login.user()
        + "' (" + why + "). Backups and restores read the server that way: give that user +sync +psync +replconf,"
        + " or, on a managed service that disables replication commands, use the service's own snapshots";
  }
}
