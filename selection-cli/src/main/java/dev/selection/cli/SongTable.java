package dev.selection.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractionFailure;
import dev.selection.api.Label;
import dev.selection.api.LabelSnapshot;
import dev.selection.api.PredictResult;
import dev.selection.api.PredictStatus;
import dev.selection.api.ProgressListener;
import dev.selection.api.ScoredSong;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SongMetadata;
import dev.selection.api.SongSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web app's view of the library: one compact row per song with stored features (title, artist,
 * BPM, key, label, score) and one per file whose analysis failed, sorted and paged on the server so
 * the browser only ever holds the rows it shows.
 *
 * <p>Rows are read through {@link SelectionEngine#songSummaries} and kept in memory (about 200
 * bytes a song); labels and scores are kept beside them and replaced as a whole when they change. A
 * sorted order is computed on demand and cached until the next change. Thread-safe: the maps are
 * replaced, never edited in place, and readers take a consistent snapshot.
 */
final class SongTable {
  /** Sortable columns. */
  static final List<String> COLUMNS = List.of("title", "artist", "bpm", "key", "label", "score");

  /** One song, or one file whose analysis failed (a null songId, its path and error code). */
  record Row(
      String songId,
      String title,
      String artist,
      double bpm,
      String key,
      String failedPath,
      String errorCode,
      String titleKey) {
    Row(
        String songId,
        String title,
        String artist,
        double bpm,
        String key,
        String failedPath,
        String errorCode) {
      this(songId, title, artist, bpm, key, failedPath, errorCode, null);
    }

    /** The lowercase title (or file name) that the table sorts by, computed once. */
    Row {
      if (titleKey == null) {
        String t = title != null ? title : songId == null ? fileName(failedPath) : "";
        titleKey = t.toLowerCase(Locale.ROOT);
      }
    }
  }

  private record State(
      Map<String, Row> songs,
      Map<String, Row> failed,
      Map<String, Label> labels,
      Map<String, Double> scores,
      long modelRevision,
      long version) {}

  private record OrderKey(String sort, boolean desc, String query, long version) {}

  private record Order(OrderKey key, List<Row> rows) {}

  private final SelectionEngine engine;
  private final AtomicLong versions = new AtomicLong();
  private final Map<String, String> paths = new ConcurrentHashMap<>();
  private volatile State state = new State(Map.of(), Map.of(), Map.of(), Map.of(), 0, 0);
  private volatile Order order;
  private volatile boolean loaded;

  SongTable(SelectionEngine engine) {
    this.engine = engine;
  }

  boolean loaded() {
    return loaded;
  }

  /** Reads every song's row, the labels and the failures (not the scores: see {@link #rescore}). */
  synchronized void load() {
    State s = state;
    state =
        new State(
            songs(), failed(), labels(), s.scores(), s.modelRevision(), versions.incrementAndGet());
    loaded = true;
  }

  /** Re-reads the rows and the failures (after a scan). */
  synchronized void refreshSongs() {
    State s = state;
    state =
        new State(
            songs(),
            failed(),
            s.labels(),
            s.scores(),
            s.modelRevision(),
            versions.incrementAndGet());
  }

  /** Re-reads the labels (after a label change or a reset). */
  synchronized void reloadLabels() {
    State s = state;
    state =
        new State(
            s.songs(),
            s.failed(),
            labels(),
            s.scores(),
            s.modelRevision(),
            versions.incrementAndGet());
  }

  /** Drops every score (after a reset). */
  synchronized void clearScores() {
    State s = state;
    state = new State(s.songs(), s.failed(), s.labels(), Map.of(), 0, versions.incrementAndGet());
  }

  /**
   * Scores every song with the current model and keeps the scores; songs without a model or without
   * features keep no score.
   *
   * @return the prediction's status
   */
  PredictStatus rescore(ProgressListener progress, CancellationToken cancel) {
    List<String> ids = new ArrayList<>(state.songs().keySet());
    PredictResult r = engine.predictSelectionCandidates(ids, 0, progress, cancel);
    Map<String, Double> scores = new HashMap<>();
    if (r.status() == PredictStatus.OK) {
      for (ScoredSong s : r.items()) {
        scores.put(s.songId(), s.score());
      }
    } else if (r.status() == PredictStatus.CANCELLED || r.status() == PredictStatus.FAILED) {
      return r.status();
    }
    synchronized (this) {
      State s = state;
      state =
          new State(
              s.songs(),
              s.failed(),
              s.labels(),
              Map.copyOf(scores),
              r.modelRevision(),
              versions.incrementAndGet());
    }
    return r.status();
  }

  long modelRevision() {
    return state.modelRevision();
  }

  long version() {
    return state.version();
  }

  int songCount() {
    return state.songs().size();
  }

  /**
   * Returns one page of rows.
   *
   * @param sort a column of {@link #COLUMNS}
   * @param desc descending order
   * @param query a case-insensitive filter on title, artist and file name, or empty
   */
  ObjectNode page(int offset, int limit, String sort, boolean desc, String query) {
    State s = state;
    List<Row> rows = ordered(s, sort, desc, query.strip().toLowerCase(Locale.ROOT));
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("total", rows.size());
    out.put("offset", offset);
    out.put("songs", s.songs().size());
    out.put("failed", s.failed().size());
    out.put("modelRevision", s.modelRevision());
    out.put("version", s.version());
    out.put("loaded", loaded);
    ArrayNode items = out.putArray("rows");
    for (int i = offset; i < Math.min(rows.size(), offset + limit); i++) {
      items.add(json(rows.get(i), s));
    }
    return out;
  }

  /** Returns the rows of these songs, in the order given; unknown ids are left out. */
  ArrayNode rows(List<String> songIds) {
    State s = state;
    ArrayNode items = Json.mapper().createArrayNode();
    for (String id : songIds) {
      Row r = s.songs().get(id);
      if (r != null) {
        items.add(json(r, s));
      }
    }
    return items;
  }

  private ObjectNode json(Row r, State s) {
    ObjectNode o = Json.mapper().createObjectNode();
    if (r.songId() == null) {
      o.putNull("songId");
      o.put("title", fileName(r.failedPath()));
      o.putNull("artist");
      o.putNull("bpm");
      o.putNull("key");
      o.putNull("label");
      o.putNull("score");
      o.put("path", r.failedPath());
      o.put("failure", r.errorCode());
      return o;
    }
    o.put("songId", r.songId());
    String path = path(r.songId());
    o.put("title", r.title() != null ? r.title() : path == null ? r.songId() : fileName(path));
    o.put("artist", r.artist());
    if (Double.isNaN(r.bpm())) {
      o.putNull("bpm");
    } else {
      o.put("bpm", Math.round(r.bpm() * 10) / 10.0);
    }
    o.put("key", r.key());
    o.put("label", s.labels().getOrDefault(r.songId(), Label.NEUTRAL).wireName());
    Double score = s.scores().get(r.songId());
    if (score == null) {
      o.putNull("score");
    } else {
      o.put("score", Math.round(score * 10_000) / 10_000.0);
    }
    o.put("path", path);
    return o;
  }

  /** The song's file, from the path index (cached: the table asks for the rows on screen only). */
  String path(String songId) {
    String p = paths.get(songId);
    if (p == null) {
      Optional<Path> found = engine.pathOf(songId);
      p = found.map(Path::toString).orElse("");
      paths.put(songId, p);
    }
    return p.isEmpty() ? null : p;
  }

  private static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  private List<Row> ordered(State s, String sort, boolean desc, String query) {
    OrderKey key = new OrderKey(sort, desc, query, s.version());
    Order o = order;
    if (o != null && o.key().equals(key)) {
      return o.rows();
    }
    List<Keyed> keyed = new ArrayList<>(s.songs().size() + s.failed().size());
    for (Row r : s.songs().values()) {
      if (matches(r, query)) {
        keyed.add(keyed(r, s, sort));
      }
    }
    for (Row r : s.failed().values()) {
      if (matches(r, query)) {
        keyed.add(keyed(r, s, sort));
      }
    }
    Keyed[] a = keyed.toArray(new Keyed[0]);
    java.util.Arrays.sort(a, (x, y) -> compare(x, y, desc));
    List<Row> rows = new ArrayList<>(a.length);
    for (Keyed k : a) {
      rows.add(k.row());
    }
    order = new Order(key, rows);
    return rows;
  }

  /**
   * A row with its sort key computed once: a number (NaN when missing) or a lowercase string (null
   * when missing), then the lowercase title and a unique id as tie-breakers.
   */
  private record Keyed(Row row, double number, String text, String title, String id) {}

  private static Keyed keyed(Row r, State s, String sort) {
    String title = r.titleKey();
    String id = r.songId() != null ? r.songId() : r.failedPath();
    double number = Double.NaN;
    String text = null;
    switch (sort) {
      case "artist" -> text = r.artist() == null ? null : r.artist().toLowerCase(Locale.ROOT);
      case "key" -> text = r.key();
      case "bpm" -> number = r.bpm();
      case "label" ->
          number = r.songId() == null ? Double.NaN : labelRank(s.labels().get(r.songId()));
      case "score" -> {
        Double v = r.songId() == null ? null : s.scores().get(r.songId());
        number = v == null ? Double.NaN : v;
      }
      default -> text = title;
    }
    return new Keyed(r, number, text, title, id);
  }

  /** Missing keys last in both directions; ties by title, then id, ascending. */
  private static int compare(Keyed x, Keyed y, boolean desc) {
    int c;
    boolean numeric = x.text() == null && y.text() == null;
    if (numeric && !(Double.isNaN(x.number()) && Double.isNaN(y.number()))) {
      if (Double.isNaN(x.number())) {
        return 1;
      }
      if (Double.isNaN(y.number())) {
        return -1;
      }
      c = Double.compare(x.number(), y.number());
    } else if (x.text() != null || y.text() != null) {
      if (x.text() == null) {
        return 1;
      }
      if (y.text() == null) {
        return -1;
      }
      c = x.text().compareTo(y.text());
    } else {
      c = 0;
    }
    if (c != 0) {
      return desc ? -c : c;
    }
    c = x.title().compareTo(y.title());
    if (c == 0) {
      c = x.id().compareTo(y.id());
    }
    return c;
  }

  private static boolean matches(Row r, String query) {
    if (query.isEmpty()) {
      return true;
    }
    return contains(r.title(), query)
        || contains(r.artist(), query)
        || (r.songId() == null && contains(r.failedPath(), query));
  }

  private static boolean contains(String s, String query) {
    return s != null && s.toLowerCase(Locale.ROOT).contains(query);
  }

  private static int labelRank(Label l) {
    return l == null ? 1 : l == Label.LIKED ? 2 : l == Label.DISLIKED ? 0 : 1;
  }

  private Map<String, Row> songs() {
    Map<String, Row> out = new HashMap<>();
    for (SongSummary f : engine.songSummaries()) {
      SongMetadata m = f.metadata();
      out.put(
          f.songId(),
          new Row(
              f.songId(),
              m.title(),
              m.artist(),
              f.bpm() == null ? Double.NaN : f.bpm(),
              f.key(),
              null,
              null));
    }
    return out;
  }

  private Map<String, Row> failed() {
    Map<String, Row> out = new HashMap<>();
    for (ExtractionFailure f : engine.listFailures()) {
      out.put(f.path(), new Row(null, null, null, Double.NaN, null, f.path(), f.code().wireName()));
    }
    return out;
  }

  private Map<String, Label> labels() {
    LabelSnapshot snap = engine.getSelectionLabelSnapshot();
    Map<String, Label> out = new HashMap<>();
    snap.negativeIds().forEach(id -> out.put(id, Label.DISLIKED));
    snap.positiveIds().forEach(id -> out.put(id, Label.LIKED));
    return out;
  }
}
