package io.redistenancy;

/**
 * A backup could not be created, verified or restored. The message says which backup, what was wrong
 * (a truncated file, a checksum mismatch, a backend without data access …) and what was done about it
 * (for a restore: whether the tenant's previous data is back in place).
 */
public class BackupException extends TenancyException {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
