package io.redistenancy.internal.local;

import io.redistenancy.internal.Checked;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A tenant's redis.log: created 0600 before Redis appends to it, kept bounded, read from the end. */
final class LogFile {
  static final int TAIL_LINES = 20;
  /** Past this size the log is rotated once (to redis.log.1) at the next start. */
  static final long ROTATE_BYTES = 8L * 1024 * 1024;
  private static final int TAIL_BYTES = 16 * 1024;

  private LogFile() {}

  /**
   * Makes sure {@code log} exists with mode 0600 (a redirect would create it with the umask's mode)
   * and rotates it when it has grown past {@link #ROTATE_BYTES}.
   */
  static void prepare(Path log) {
    try {
      if (Files.exists(log) && Files.size(log) > ROTATE_BYTES) {
        Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.createFile(log, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_0600));
    } catch (FileAlreadyExistsException e) {
      // appended to across restarts
    } catch (IOException e) {
      throw Checked.failure("create " + log, e);
    }
  }

  /** The last {@link #TAIL_LINES} lines of {@code log}, or "" if there is none. */
  static String tail(Path log) {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = ch.size();
      int length = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long position = size - length;
      while (buffer.hasRemaining()) {
        int read = ch.read(buffer, position + buffer.position());
        if (read < 0) {
          break;
        }
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      List<String> lines = text.lines().toList();
      if (length < size && !lines.isEmpty()) {
        lines = lines.subList(1, lines.size()); // the first line was cut by the window
      }
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
