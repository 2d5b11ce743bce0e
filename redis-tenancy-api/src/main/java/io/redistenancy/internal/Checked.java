package io.redistenancy.internal;

import io.redistenancy.TenancyException;
import java.io.IOException;
import java.util.function.BiFunction;

/**
 * The one translation of checked exceptions into the library's own unchecked root, so that no
 * {@code UncheckedIOException} or bare {@code RuntimeException} reaches a caller and every
 * interrupted wait keeps the thread's interrupt flag.
 */
public final class Checked {
  private Checked() {}

  /**
   * A file, socket or process operation failed: what a caller of the library sees is a
   * {@link TenancyException}; internal code that must say which tenant or file it was about catches
   * this type (and only this), never a bare {@link TenancyException}.
   */
  public static final class IoFailure extends TenancyException {
    private static final long serialVersionUID = 1L;

    IoFailure(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** Work that reads or writes files, sockets or processes. */
  @FunctionalInterface
  public interface IoWork<T> {
    T run() throws IOException;
  }

  /** {@link IoWork} without a result. */
  @FunctionalInterface
  public interface IoStep {
    void run() throws IOException;
  }

  /** Runs {@code work}; an {@link IOException} becomes an {@link IoFailure} "cannot DOING: reason". */
  public static <T> T io(String doing, IoWork<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw failure(doing, e);
    }
  }

  /** As {@link #io(String, IoWork)}, with the {@link TenancyException} subclass the caller's contract names. */
  public static <T> T io(String doing, IoWork<T> work,
      BiFunction<String, Throwable, ? extends TenancyException> as) {
    try {
      return work.run();
    } catch (IOException e) {
      throw as.apply(cannot(doing, e), e);
    }
  }

  /** Runs {@code step}; an {@link IOException} becomes an {@link IoFailure}. */
  public static void run(String doing, IoStep step) {
    io(doing, () -> {
      step.run();
      return null;
    });
  }

  /** For a {@code catch (IOException e)} that must throw: {@code throw Checked.failure("write x", e)}. */
  public static IoFailure failure(String doing, IOException e) {
    return new IoFailure(cannot(doing, e), e);
  }

  /**
   * For a {@code catch (InterruptedException e)}: restores the interrupt flag, which catching it
   * cleared, and returns the exception to throw.
   */
  public static TenancyException interrupted(String doing, InterruptedException e) {
    return interrupted(doing, e, TenancyException::new);
  }

  /** As {@link #interrupted(String, InterruptedException)}, as the subclass the caller's contract names. */
  public static <X extends TenancyException> X interrupted(String doing, InterruptedException e,
      BiFunction<String, Throwable, X> as) {
    Thread.currentThread().interrupt();
    return as.apply("interrupted while " + doing, e);
  }

  private static String cannot(String doing, IOException e) {
    String reason = e.getMessage();
    return "cannot " + doing + (reason == null || reason.isBlank() ? "" : ": " + reason);
  }
}
