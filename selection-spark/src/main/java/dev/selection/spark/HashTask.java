package dev.selection.spark;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hashes the bytes of files (lowercase hex SHA-256, the {@code fileHash} of a track) so that a
 * rerun can reuse the row of a file that moved: one read of the file, no decoding.
 */
final class HashTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The listed file with its hash (null when it cannot be read). */
  static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("path", DataTypes.StringType, false),
              DataTypes.createStructField("sizeBytes", DataTypes.LongType, false),
              DataTypes.createStructField("mtimeMs", DataTypes.LongType, false),
              DataTypes.createStructField("fileHash", DataTypes.StringType, true)));

  private final HashMap<String, String> conf;

  HashTask(HashMap<String, String> conf) {
    this.conf = conf;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Configuration c = AnalyzeTask.conf(conf);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        String hash = r.getLong(1) < 0 ? null : sha256(r.getString(0), c);
        return RowFactory.create(r.getString(0), r.getLong(1), r.getLong(2), hash);
      }
    };
  }

  static String sha256(String path, Configuration conf) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      try (InputStream in =
          FileStat.isLocal(path)
              ? java.nio.file.Files.newInputStream(java.nio.file.Path.of(path))
              : new Path(path).getFileSystem(conf).open(new Path(path))) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | RuntimeException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
