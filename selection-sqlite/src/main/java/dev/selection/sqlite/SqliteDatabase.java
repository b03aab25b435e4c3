package dev.selection.sqlite;

import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One open SQLite database file: a single connection guarded by a lock, the open-time checks, the
 * schema migrator and the transaction/retry loop. Thread-safe.
 *
 * <p>Opening never writes to a file this code cannot handle: the schema version is read on a
 * read-only connection first, and a garbage file or a newer schema is refused before the WAL switch
 * or any migration.
 */
final class SqliteDatabase implements AutoCloseable {
  /** How long SQLite itself waits on a lock held by another connection before reporting busy. */
  static final int BUSY_TIMEOUT_MS = 20_000;

  /** Whole-transaction retries after SQLite still reports busy (or a snapshot conflict). */
  private static final int MAX_ATTEMPTS = 6;

  /** Key of the schema version in {@code schema_meta}. */
  static final String SCHEMA_VERSION_KEY = "schemaVersion";

  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  private final Path file;
  private final boolean readOnly;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection; // guarded by lock; null once closed

  private SqliteDatabase(Path file, Connection connection, boolean readOnly) {
    this.file = file;
    this.connection = connection;
    this.readOnly = readOnly;
  }

  /**
   * Opens (creating if needed) {@code schema.fileName()} under {@code libraryRoot} and brings its
   * schema up to date.
   *
   * @throws SelectionException {@code DB_ERROR} naming the file when the folder is missing or not a
   *     folder, the file is not a SQLite database, its schema is newer than this code, or SQLite
   *     fails
   */
  static SqliteDatabase open(Path libraryRoot, Schema schema) {
    Path root = libraryRoot.toAbsolutePath().normalize();
    Path file = root.resolve(schema.fileName());
    // Never create the library folder: a missing one means a wrong path or an unmounted drive.
    if (!Files.exists(root)) {
      throw error(file, "the library folder does not exist: " + root, null);
    }
    if (!Files.isDirectory(root)) {
      throw error(file, "the library root is not a folder: " + root, null);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw error(file, "it is not a regular file", null);
    }
    if (!Files.isWritable(root) || (Files.exists(file) && !Files.isWritable(file))) {
      return openReadOnly(root, file, schema);
    }
    if (Files.exists(file)) {
      preflight(file, schema);
    }
    Connection c = null;
    try {
      c = connect(file, false);
      SqliteDatabase db = new SqliteDatabase(file, c, false);
      db.retrying(
          conn -> {
            try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
              String mode = rs.next() ? rs.getString(1) : null;
              if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("could not switch to WAL mode (journal_mode=" + mode + ")");
              }
            }
            return null;
          });
      try (Statement s = c.createStatement()) {
        // NORMAL is durable against process crashes in WAL mode; only an OS crash may lose the last
        // commits, never corrupt the file (https://www.sqlite.org/pragma.html#pragma_synchronous).
        s.execute("PRAGMA synchronous=NORMAL");
      }
      db.write(conn -> migrate(conn, file, schema));
      return db;
    } catch (SQLException e) {
      closeQuietly(c);
      throw error(file, e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Opens a database of a library that cannot be written (a read-only folder, file or mount) for
   * reading: queries work, every write is a {@code DB_ERROR} saying the library is read-only. The
   * file is opened immutable (no locks, no WAL or shared-memory files, which could not be created);
   * what another process commits meanwhile is not seen. A missing file or a schema that would need
   * an upgrade cannot be handled without writing and is a {@code DB_ERROR}.
   */
  private static SqliteDatabase openReadOnly(Path root, Path file, Schema schema) {
    if (!Files.exists(file)) {
      throw error(
          file, "the library folder " + root + " is read-only and holds no such file", null);
    }
    Connection c = null;
    try {
      c = connectImmutable(file);
      int version = detectVersion(c);
      checkSupported(file, schema, version);
      if (version != schema.currentVersion()) {
        throw error(
            file,
            "the library is read-only and this database needs an upgrade from schema version "
                + version
                + " to "
                + schema.currentVersion()
                + "; open it once with write access",
            null);
      }
      LOG.debug("Opened {} read-only: the library cannot be written", file);
      return new SqliteDatabase(file, c, true);
    } catch (SQLException e) {
      closeQuietly(c);
      throw error(file, e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static Connection connectImmutable(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
    return config.createConnection("jdbc:sqlite:" + file.toUri() + "?immutable=1");
  }

  /** Returns whether the database was opened read-only (the library cannot be written). */
  boolean readOnly() {
    return readOnly;
  }

  /** Reads the version on a read-only connection and refuses what this code must not touch. */
  private static void preflight(Path file, Schema schema) {
    try (Connection ro = connect(file, true)) {
      int version = detectVersion(ro);
      checkSupported(file, schema, version);
    } catch (SQLException e) {
      throw error(file, e.getMessage(), e);
    }
  }

  private static void checkSupported(Path file, Schema schema, int version) {
    if (version > schema.currentVersion()) {
      throw error(
          file,
          "its schema version "
              + version
              + " is newer than this SDK supports ("
              + schema.currentVersion()
              + "); it was left untouched, use a newer SDK",
          null);
    }
    if (version >= 0 && version < schema.oldestMigratable()) {
      throw error(
          file,
          "it holds tables of an unknown layout (schema version "
              + version
              + ", oldest this SDK can upgrade is "
              + schema.oldestMigratable()
              + "); it was left untouched",
          null);
    }
  }

  /**
   * Returns the schema version of an open database: {@code schema_meta.schemaVersion}; 0 when there
   * are tables but no version (a pre-versioning layout); -1 for an empty database.
   */
  static int detectVersion(Connection c) throws SQLException {
    boolean hasMeta = false;
    boolean hasTables = false;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) {
        hasTables = true;
        hasMeta |= "schema_meta".equals(rs.getString(1));
      }
    }
    if (!hasTables) {
      return -1;
    }
    if (!hasMeta) {
      return 0;
    }
    String value = meta(c, SCHEMA_VERSION_KEY);
    if (value == null) {
      return 0;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new SQLException("unreadable schemaVersion '" + value + "'", e);
    }
  }

  private static Void migrate(Connection c, Path file, Schema schema) throws SQLException {
    int version = detectVersion(c);
    checkSupported(file, schema, version);
    if (version == schema.currentVersion()) {
      return null;
    }
    if (version < 0) {
      schema.create(c);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_meta(\"key\" TEXT PRIMARY KEY NOT NULL, value TEXT)");
      }
      setMeta(c, SCHEMA_VERSION_KEY, Integer.toString(schema.currentVersion()));
      LOG.debug("Created {} at schema version {}", file, schema.currentVersion());
      return null;
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_meta(\"key\" TEXT PRIMARY KEY NOT NULL, value TEXT)");
    }
    while (version < schema.currentVersion()) {
      Migration m = schema.migrationFrom(version);
      LOG.info("Migrating {} from schema version {}: {}", file, version, m.description());
      m.action().apply(c);
      version++;
      setMeta(c, SCHEMA_VERSION_KEY, Integer.toString(version));
    }
    return null;
  }

  /** Returns a value of {@code schema_meta}, or null. */
  static String meta(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT value FROM schema_meta WHERE \"key\"=?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Sets a value of {@code schema_meta}. */
  static void setMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT OR REPLACE INTO schema_meta(\"key\", value) VALUES(?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  private static Connection connect(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    if (readOnly) {
      config.setReadOnly(true);
    }
    return config.createConnection("jdbc:sqlite:" + file);
  }

  /** Returns the database file. */
  Path file() {
    return file;
  }

  /**
   * Runs {@code work} outside a transaction (each statement on its own), retrying when busy.
   *
   * @throws IllegalStateException if closed
   * @throws SelectionException {@code DB_ERROR} naming the file
   */
  <T> T read(SqlWork<T> work) {
    lock.lock();
    try {
      checkOpen();
      return retrying(work);
    } catch (SQLException e) {
      throw error(file, e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: committed when it returns, rolled
   * back when it throws, retried as a whole when SQLite reports busy.
   *
   * @throws IllegalStateException if closed
   * @throws SelectionException {@code DB_ERROR} naming the file
   */
  <T> T write(SqlWork<T> work) {
    if (readOnly) {
      throw error(
          file,
          "the library is read-only (its folder or this file cannot be written); nothing was"
              + " changed",
          null);
    }
    return transaction(work, "BEGIN IMMEDIATE");
  }

  /**
   * Runs {@code work} in one deferred (read) transaction, so that several queries see one snapshot.
   *
   * @throws IllegalStateException if closed
   * @throws SelectionException {@code DB_ERROR} naming the file
   */
  <T> T readConsistent(SqlWork<T> work) {
    return transaction(work, "BEGIN");
  }

  private <T> T transaction(SqlWork<T> work, String begin) {
    lock.lock();
    try {
      checkOpen();
      return retrying(
          c -> {
            try (Statement s = c.createStatement()) {
              // IMMEDIATE takes the write lock up front (waiting through the busy timeout), so a
              // transaction never fails half-way on a read-to-write upgrade.
              s.execute(begin);
            }
            boolean committed = false;
            try {
              T result = work.run(c);
              try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
              }
              committed = true;
              return result;
            } finally {
              if (!committed) {
                rollbackQuietly(c);
              }
            }
          });
    } catch (SQLException e) {
      throw error(file, e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T retrying(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run(connection);
      } catch (SQLException e) {
        if (!isBusy(e) || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        LOG.debug("{} busy (attempt {}), retrying: {}", file, attempt, e.getMessage());
        backOff(attempt);
      }
    }
  }

  private static void backOff(int attempt) throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(10L << attempt, 20L << attempt));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a busy database", ie);
    }
  }

  /** True for SQLITE_BUSY and SQLITE_LOCKED and their extended codes. */
  static boolean isBusy(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    if (primary == 5 || primary == 6) {
      return true;
    }
    String m = e.getMessage();
    return m != null && (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED"));
  }

  private void checkOpen() {
    if (connection == null) {
      throw new IllegalStateException("Store is closed: " + file);
    }
  }

  /** Throws {@link IllegalStateException} if closed. */
  void ensureOpen() {
    lock.lock();
    try {
      checkOpen();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          throw error(file, e.getMessage(), e);
        } finally {
          connection = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a {@code DB_ERROR} exception whose message names the file; a full disk says "disk full"
   * in plain words.
   */
  static SelectionException error(Path file, String why, Throwable cause) {
    if (cause instanceof SQLException e && (isDiskFull(e) || isIoErrorOnAFullDisk(e, file))) {
      why =
          "disk full (no space left on the device holding it): this write did not happen, and"
              + " nothing stored before it is lost ["
              + why
              + "]";
    }
    return new SelectionException(ErrorCode.DB_ERROR, "Cannot use " + file + ": " + why, cause);
  }

  /**
   * True for an SQLITE_IOERR (e.g. {@code SQLITE_IOERR_SHMSIZE}: the shared-memory file of a WAL
   * database cannot grow) when the file system holding {@code file} has less than 1 MiB left:
   * SQLite reports ENOSPC outside the database file as an I/O error, not as SQLITE_FULL.
   */
  static boolean isIoErrorOnAFullDisk(SQLException e, Path file) {
    if ((e.getErrorCode() & 0xff) != 10
        && (e.getMessage() == null || !e.getMessage().contains("SQLITE_IOERR"))) {
      return false;
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      return dir != null && Files.getFileStore(dir).getUsableSpace() < (1 << 20);
    } catch (IOException | RuntimeException unknown) {
      return false;
    }
  }

  /** True for SQLITE_FULL (SQLite's answer to ENOSPC) and its extended codes. */
  static boolean isDiskFull(SQLException e) {
    if ((e.getErrorCode() & 0xff) == 13) {
      return true;
    }
    String m = e.getMessage();
    return m != null
        && (m.contains("SQLITE_FULL")
            || m.contains("database or disk is full")
            || m.contains("No space left"));
  }

  private static void rollbackQuietly(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // The transaction is already gone (e.g. SQLite rolled it back itself); nothing left to undo.
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Already failing; the original error is the one to report.
      }
    }
  }
}
