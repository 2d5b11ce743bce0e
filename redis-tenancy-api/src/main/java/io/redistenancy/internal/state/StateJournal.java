package io.redistenancy.internal.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only log of state-file changes, one JSON line each, made durable by one {@code fdatasync}:
 * a change is durable without creating a file, which on some disks costs as much as the fsyncs
 * themselves. The files are brought up to date later ({@link StateStore}) and the log is then emptied.
 *
 * <p>A crash can cut the last line short (an append is one write, but not atomic on disk): a last line
 * without its newline is ignored, since its change was never acknowledged. Any other unreadable line
 * stops the replay with an error naming it. Not thread-safe: the {@link StateStore} serializes calls.
 */
final class StateJournal implements AutoCloseable {
  /** One change: write {@code json} to {@code file}, or delete {@code file} (json null); paths relative to the home. */
  record Entry(String file, String json) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;

  private StateJournal(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens (or creates, 0600) the log at {@code path}; {@link #replay()} reads what it holds. */
  static StateJournal open(Path path) {
    try {
      if (!Files.exists(path)) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
      }
      return new StateJournal(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new TenancyException("Cannot open the state journal " + path + ": " + e.getMessage(), e);
    }
  }

  /** Every complete entry, in order. */
  List<Entry> replay() {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TenancyException("Cannot read the state journal " + path + ": " + e.getMessage(), e);
    }
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    int line = 1;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start), line++) {
      try {
        entries.add(MAPPER.readValue(text.substring(start, end), Entry.class));
      } catch (IOException e) {
        throw new TenancyException("The state journal " + path + " is unreadable at line " + line
            + "; restore the home from a backup, or remove the journal (its changes are lost) and reconcile", e);
      }
      start = end + 1;
    }
    return entries; // text after the last newline: an append a crash cut short, never acknowledged
  }

  /** Appends {@code entry} and returns once it is durable. */
  void append(Entry entry) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap((MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new TenancyException("Cannot write the state journal " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether the log holds nothing, not even a line a crash cut short. */
  boolean isEmpty() {
    try {
      return channel.size() == 0;
    } catch (IOException e) {
      throw new TenancyException("Cannot read the state journal " + path + ": " + e.getMessage(), e);
    }
  }

  /** Empties the log durably: every change it held is in the files now. */
  void clear() {
    try {
      channel.truncate(0);
      channel.force(true);
    } catch (IOException e) {
      throw new TenancyException("Cannot empty the state journal " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a log whose every entry was forced: nothing is lost
    }
  }
}
