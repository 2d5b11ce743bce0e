package io.redistenancy.internal.plan;

import io.redistenancy.internal.Checked;
import io.redistenancy.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The text of one plan file, checked for what no plan ever needs, and the one place that words
 * errors about it: {@code NAME.conf:LINE: reason}, or {@code NAME.conf: reason} when no line
 * applies. Messages name the file only (not its directory) and never echo raw file content.
 *
 * <p>Refused whatever the format: more than {@link #MAX_BYTES} bytes, anything but UTF-8, a line
 * over {@link #MAX_LINE} characters, and any control or invisible formatting character other than
 * LF and TAB (CR, NUL, ESC, bidi overrides, U+2028 …), because they are how a line that looks
 * harmless in an editor or a panel says something else to a parser.
 */
record PlanFile(String fileName, String text) {
  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_LINE = 1024;

  /** Reads and checks {@code path}; a symbolic link is refused, so a plan never reads outside its directory. */
  static PlanFile read(Path path) {
    String fileName = path.getFileName().toString();
    PlanFile blame = new PlanFile(fileName, "");
    byte[] bytes;
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isSymbolicLink()) {
        throw blame.error("is a symbolic link; a plan file must be a regular file in the plan directory");
      }
      if (!attributes.isRegularFile()) {
        throw blame.error("is not a regular file");
      }
      // NOFOLLOW_LINKS again at open: the file may have been swapped for a link since the check
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      throw Checked.failure("read plan file " + path, e);
    }
    if (bytes.length > MAX_BYTES) {
      throw blame.error("file is larger than " + MAX_BYTES + " bytes");
    }
    PlanFile file = new PlanFile(fileName, decode(blame, bytes));
    file.checkCharacters();
    return file;
  }

  private static String decode(PlanFile blame, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(in).toString();
    } catch (MalformedInputException e) {
      throw blame.error(lineAt(bytes, in.position()), "not valid UTF-8");
    } catch (CharacterCodingException e) {
      throw blame.error("not valid UTF-8");
    }
  }

  /** The 1-based line of byte {@code offset}. */
  private static int lineAt(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  private void checkCharacters() {
    int line = 1;
    int column = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        column = 0;
        continue;
      }
      if (++column > MAX_LINE) {
        throw error(line, "line is longer than " + MAX_LINE + " characters");
      }
      if (c == '\r') {
        throw error(line, "carriage return (CR) is not allowed; save the file with LF line endings");
      }
      if (c != '\t' && isHidden(c)) {
        throw error(line, String.format("character U+%04X is not allowed (control or invisible formatting "
            + "character)", (int) c));
      }
    }
  }

  private static boolean isHidden(char c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
      default -> false;
    };
  }

  /** An error at {@code line} of this file. */
  InvalidRequestException error(int line, String reason) {
    return new InvalidRequestException(fileName + ":" + line + ": " + reason);
  }

  /** An error about this file as a whole. */
  InvalidRequestException error(String reason) {
    return new InvalidRequestException(fileName + ": " + reason);
  }

  /** A value as it may appear in a message: printable ASCII only, at most 40 characters. */
  static String shown(CharSequence value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && i < 40; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > 40) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return fileName;
  }
}
