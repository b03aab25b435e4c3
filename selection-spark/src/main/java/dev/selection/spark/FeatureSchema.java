package dev.selection.spark;

import dev.selection.api.AnalyzedFile;
import dev.selection.api.BeatGrid;
import dev.selection.api.Embedding;
import dev.selection.api.ErrorCode;
import dev.selection.api.SongFeatures;
import dev.selection.api.SongMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet rows of the analysis job: one row per file and run, with every feature the local
 * feature store keeps ({@code features.db}), or an error code and message for a file that failed.
 *
 * <p>Format version {@value #FORMAT_VERSION}. Columns are only ever added; a reader refuses rows
 * (and an output directory) of a higher version. Vectors are {@code array<float>}; the beat grid is
 * its constant-tempo sections as three parallel arrays.
 */
public final class FeatureSchema {
  private FeatureSchema() {}

  /** The version of this row layout, in every row and in the output's manifest. */
  public static final int FORMAT_VERSION = 1;

  /** {@code status} of an analysed file. */
  public static final String OK = "ok";

  /** {@code status} of a file whose analysis failed. */
  public static final String FAILED = "failed";

  private static StructField f(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static final org.apache.spark.sql.types.DataType FLOATS =
      DataTypes.createArrayType(DataTypes.FloatType, false);

  /** One embedding: kind, model version, windows, vector and tag probabilities. */
  public static final StructType EMBEDDING =
      DataTypes.createStructType(
          new StructField[] {
            f("kind", DataTypes.StringType),
            f("modelVersion", DataTypes.StringType),
            f("windows", DataTypes.IntegerType),
            f("vector", FLOATS),
            f("tags", FLOATS)
          });

  /** The row schema. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          new StructField[] {
            f("formatVersion", DataTypes.IntegerType),
            f("path", DataTypes.StringType),
            f("sizeBytes", DataTypes.LongType),
            f("mtimeMs", DataTypes.LongType),
            f("status", DataTypes.StringType),
            f("errorCode", DataTypes.StringType),
            f("errorMessage", DataTypes.StringType),
            f("songId", DataTypes.StringType),
            f("fileHash", DataTypes.StringType),
            f("decoder", DataTypes.StringType),
            f("durationSec", DataTypes.DoubleType),
            f("bitrateKbps", DataTypes.DoubleType),
            f("title", DataTypes.StringType),
            f("artist", DataTypes.StringType),
            f("album", DataTypes.StringType),
            f("genres", DataTypes.createArrayType(DataTypes.StringType, false)),
            f("year", DataTypes.IntegerType),
            f("comment", DataTypes.StringType),
            f("rmsMean", DataTypes.DoubleType),
            f("loudnessLufs", DataTypes.DoubleType),
            f("bpm", DataTypes.DoubleType),
            f("bpmConfidence", DataTypes.DoubleType),
            f("beatsPerBar", DataTypes.IntegerType),
            f("firstDownbeat", DataTypes.IntegerType),
            f("beatSectionStartSec", DataTypes.createArrayType(DataTypes.DoubleType, false)),
            f("beatSectionPeriodSec", DataTypes.createArrayType(DataTypes.DoubleType, false)),
            f("beatSectionBeats", DataTypes.createArrayType(DataTypes.IntegerType, false)),
            f("hpcp", FLOATS),
            f("key", DataTypes.StringType),
            f("keyStrength", DataTypes.DoubleType),
            f("timbre", FLOATS),
            f("chromaprintFingerprint", DataTypes.StringType),
            f("chromaprintSimhash", DataTypes.LongType),
            f("embeddings", DataTypes.createArrayType(EMBEDDING, false)),
            f(
                "extractorVersions",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false)),
            f("analyzedAtMs", DataTypes.LongType),
            f("sdkVersion", DataTypes.StringType)
          });

  /** Returns the index of a column. */
  static int col(String name) {
    return SCHEMA.fieldIndex(name);
  }

  /** A row for an analysed file. */
  public static Row analysed(
      String path,
      long sizeBytes,
      long mtimeMs,
      String decoder,
      SongFeatures f,
      long analyzedAtMs,
      String sdkVersion) {
    Object[] v = new Object[SCHEMA.size()];
    v[col("formatVersion")] = FORMAT_VERSION;
    v[col("path")] = path;
    v[col("sizeBytes")] = sizeBytes;
    v[col("mtimeMs")] = mtimeMs;
    v[col("status")] = OK;
    v[col("songId")] = f.songId();
    v[col("fileHash")] = f.fileHash();
    v[col("decoder")] = decoder;
    v[col("durationSec")] = f.durationSec();
    v[col("bitrateKbps")] = f.bitrateKbps();
    SongMetadata m = f.metadata();
    if (m != null) {
      v[col("title")] = m.title();
      v[col("artist")] = m.artist();
      v[col("album")] = m.album();
      v[col("genres")] = m.genres().toArray(new String[0]);
      v[col("year")] = m.year();
      v[col("comment")] = m.comment();
    }
    v[col("rmsMean")] = f.rmsMean();
    v[col("loudnessLufs")] = f.loudnessLufs();
    v[col("bpm")] = f.bpm();
    v[col("bpmConfidence")] = f.bpmConfidence();
    BeatGrid g = f.beatGrid();
    if (g != null) {
      int n = g.sections().size();
      double[] start = new double[n];
      double[] period = new double[n];
      int[] beats = new int[n];
      for (int i = 0; i < n; i++) {
        start[i] = g.sections().get(i).startSec();
        period[i] = g.sections().get(i).periodSec();
        beats[i] = g.sections().get(i).beats();
      }
      v[col("beatsPerBar")] = g.beatsPerBar();
      v[col("firstDownbeat")] = g.firstDownbeat();
      v[col("beatSectionStartSec")] = start;
      v[col("beatSectionPeriodSec")] = period;
      v[col("beatSectionBeats")] = beats;
    }
    v[col("hpcp")] = f.hpcp();
    v[col("key")] = f.key();
    v[col("keyStrength")] = f.keyStrength();
    v[col("timbre")] = f.timbre();
    v[col("chromaprintFingerprint")] = f.chromaprintFingerprint();
    v[col("chromaprintSimhash")] = f.chromaprintSimhash();
    List<Row> embeddings = new ArrayList<>();
    for (Map.Entry<String, Embedding> e : new TreeMap<>(f.embeddings()).entrySet()) {
      Embedding x = e.getValue();
      embeddings.add(
          RowFactory.create(e.getKey(), x.modelVersion(), x.windows(), x.vector(), x.tags()));
    }
    v[col("embeddings")] = embeddings.toArray(new Row[0]);
    v[col("extractorVersions")] = new TreeMap<>(f.extractorVersions());
    v[col("analyzedAtMs")] = analyzedAtMs;
    v[col("sdkVersion")] = sdkVersion;
    return RowFactory.create(v);
  }

  /** A row for a file whose analysis failed. */
  public static Row failed(
      String path,
      long sizeBytes,
      long mtimeMs,
      ErrorCode code,
      String message,
      long analyzedAtMs,
      String sdkVersion) {
    Object[] v = new Object[SCHEMA.size()];
    v[col("formatVersion")] = FORMAT_VERSION;
    v[col("path")] = path;
    v[col("sizeBytes")] = sizeBytes;
    v[col("mtimeMs")] = mtimeMs;
    v[col("status")] = FAILED;
    v[col("errorCode")] = code.wireName();
    v[col("errorMessage")] = message == null ? "" : message;
    v[col("analyzedAtMs")] = analyzedAtMs;
    v[col("sdkVersion")] = sdkVersion;
    return RowFactory.create(v);
  }

  /** Returns true for the row of an analysed file. */
  public static boolean isAnalysed(Row r) {
    return OK.equals(r.getString(col("status")));
  }

  /**
   * Returns the features of an analysed file's row, as {@link
   * dev.selection.api.AudioAnalyzer#analyze} returned them.
   *
   * @throws IllegalArgumentException for a failure row
   */
  public static SongFeatures features(Row r) {
    if (!isAnalysed(r)) {
      throw new IllegalArgumentException("Not an analysed file: " + r.getString(col("path")));
    }
    SongFeatures.Builder b =
        SongFeatures.builder(r.getString(col("songId")))
            .fileHash(r.getString(col("fileHash")))
            .durationSec(dbl(r, "durationSec"))
            .bitrateKbps(dbl(r, "bitrateKbps"))
            .rmsMean(dbl(r, "rmsMean"))
            .loudnessLufs(dbl(r, "loudnessLufs"))
            .bpm(dbl(r, "bpm"))
            .bpmConfidence(dbl(r, "bpmConfidence"))
            .hpcp(floats(r.get(col("hpcp"))))
            .key(r.getString(col("key")))
            .keyStrength(dbl(r, "keyStrength"))
            .timbre(floats(r.get(col("timbre"))))
            .chromaprintFingerprint(r.getString(col("chromaprintFingerprint")))
            .chromaprintSimhash(
                r.isNullAt(col("chromaprintSimhash"))
                    ? null
                    : r.getLong(col("chromaprintSimhash")));
    List<String> genres = new ArrayList<>();
    for (Object g : list(r.get(col("genres")))) {
      genres.add((String) g);
    }
    b.metadata(
        new SongMetadata(
            r.getString(col("title")),
            r.getString(col("artist")),
            r.getString(col("album")),
            genres,
            r.isNullAt(col("year")) ? null : r.getInt(col("year")),
            r.getString(col("comment"))));
    if (!r.isNullAt(col("beatsPerBar"))) {
      List<Object> start = list(r.get(col("beatSectionStartSec")));
      List<Object> period = list(r.get(col("beatSectionPeriodSec")));
      List<Object> beats = list(r.get(col("beatSectionBeats")));
      List<BeatGrid.Section> sections = new ArrayList<>();
      for (int i = 0; i < start.size(); i++) {
        sections.add(
            new BeatGrid.Section(
                ((Number) start.get(i)).doubleValue(),
                ((Number) period.get(i)).doubleValue(),
                ((Number) beats.get(i)).intValue()));
      }
      b.beatGrid(
          new BeatGrid(sections, r.getInt(col("beatsPerBar")), r.getInt(col("firstDownbeat"))));
    }
    for (Object o : list(r.get(col("embeddings")))) {
      Row e = (Row) o;
      b.embedding(
          e.getString(0),
          new Embedding(
              floats(e.get(3)), e.isNullAt(2) ? 0 : e.getInt(2), e.getString(1), floats(e.get(4))));
    }
    versions(r).forEach(b::extractorVersion);
    return b.build();
  }

  /** Returns the extractor versions of a row (empty for a failure). */
  public static Map<String, String> versions(Row r) {
    Object m = r.get(col("extractorVersions"));
    Map<String, String> out = new TreeMap<>();
    if (m instanceof Map<?, ?> j) {
      j.forEach((k, v) -> out.put((String) k, (String) v));
    } else if (m instanceof scala.collection.Map<?, ?>) {
      out.putAll(r.getJavaMap(col("extractorVersions")));
    }
    return out;
  }

  /**
   * Returns the row as a file to import, its path mapped to the library's view of it.
   *
   * @param path the file as the library sees it
   */
  public static AnalyzedFile toAnalyzedFile(Row r, Path path) {
    long size = r.getLong(col("sizeBytes"));
    long mtime = r.getLong(col("mtimeMs"));
    if (isAnalysed(r)) {
      return AnalyzedFile.of(path, size, mtime, r.getString(col("decoder")), features(r));
    }
    return AnalyzedFile.failed(
        path,
        size,
        mtime,
        errorCode(r.getString(col("errorCode"))),
        r.getString(col("errorMessage")));
  }

  /** Maps a wire name back to its code ({@code internal_error} when unknown). */
  static ErrorCode errorCode(String wireName) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.wireName().equals(wireName)) {
        return c;
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  private static Double dbl(Row r, String name) {
    int i = col(name);
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  /** A list of the values of an array column, whatever form the row holds it in. */
  static List<Object> list(Object v) {
    List<Object> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof List<?> l) {
      out.addAll(l);
    } else if (v instanceof scala.collection.Seq<?> s) {
      scala.collection.Iterator<?> it = s.iterator();
      while (it.hasNext()) {
        out.add(it.next());
      }
    } else if (v.getClass().isArray()) {
      int n = java.lang.reflect.Array.getLength(v);
      for (int i = 0; i < n; i++) {
        out.add(java.lang.reflect.Array.get(v, i));
      }
    } else {
      throw new IllegalArgumentException("Not an array value: " + v.getClass());
    }
    return out;
  }

  private static float[] floats(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof float[] a) {
      return a.clone();
    }
    List<Object> l = list(v);
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }
}
