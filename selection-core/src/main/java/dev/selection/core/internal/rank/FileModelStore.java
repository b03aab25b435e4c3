package dev.selection.core.internal.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selection.api.ErrorCode;
import dev.selection.api.SelectionException;
import dev.selection.api.spi.GbdtParams;
import dev.selection.api.spi.ModelManifest;
import dev.selection.api.spi.ModelStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model store on plain files: {@code <libraryRoot>/models/selection/selection_gbdt_v<N>.ubj}
 * (the XGBoost booster in UBJSON, named here from the revision) and {@code manifest.json} (with the
 * booster's SHA-256, computed here and verified on every read, and the model's provenance: {@code
 * gbdtParams}, {@code sdkVersion}, {@code xgboostVersion}). Each file is written to a temporary
 * file in the same folder, fsync'd, and atomically renamed over its target; the booster first, the
 * manifest last (the manifest is the commit point), then older boosters are removed. A crash
 * therefore leaves the old manifest pointing at the old, whole booster, or the new manifest
 * pointing at the new one. Thread-safe (methods are synchronised; one store per library).
 */
public final class FileModelStore implements ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileModelStore.class);

  /** Manifest file name. */
  public static final String MANIFEST = "manifest.json";

  /** Format version of {@code manifest.json} written by this class. */
  public static final int MANIFEST_FORMAT = 1;

  private static final Pattern MODEL_FILE =
      Pattern.compile("selection_gbdt_v(\\d{1,18})\\.(ubj|json)");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  /**
   * Creates a store for a library.
   *
   * @param libraryRoot the library root; models go to {@code models/selection} below it
   */
  public FileModelStore(Path libraryRoot) {
    this.dir =
        Objects.requireNonNull(libraryRoot, "libraryRoot").resolve("models").resolve("selection");
  }

  /** Returns the model folder. */
  public Path directory() {
    return dir;
  }

  /** Returns the booster file name of a revision. */
  public static String modelFileName(long revision) {
    return "selection_gbdt_v" + revision + ".ubj";
  }

  @Override
  public synchronized Optional<ModelManifest> manifest() {
    Path p = dir.resolve(MANIFEST);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SelectionException(ErrorCode.MODEL_LOAD_FAILED, "Cannot read " + p + ": " + e, e);
    }
    try {
      return Optional.of(parse(JSON.readTree(bytes)));
    } catch (IOException | RuntimeException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Model manifest " + p + " is damaged (" + e.getMessage() + "): retrain the model",
          e);
    }
  }

  @Override
  public synchronized byte[] readModel(ModelManifest manifest) {
    if (manifest.modelFile() == null) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED, "The manifest names no saved model: retrain the model");
    }
    Path p = modelPath(manifest.modelFile());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Model file " + p + " is missing or unreadable: retrain the model",
          e);
    }
    verifyChecksum(bytes, manifest, p.toString());
    return bytes;
  }

  /**
   * Throws unless bytes have the SHA-256 a manifest names.
   *
   * @param where the booster's location, for the message
   * @throws SelectionException {@code MODEL_LOAD_FAILED}, saying that the checksum does not match
   */
  public static void verifyChecksum(byte[] bytes, ModelManifest manifest, String where) {
    String sha = sha256(bytes);
    if (!sha.equals(manifest.modelSha256())) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED,
          "Model "
              + where
              + " does not match its checksum (SHA-256 "
              + sha
              + ", manifest says "
              + manifest.modelSha256()
              + "): damaged or replaced; retrain the model");
    }
  }

  @Override
  public synchronized Path save(ModelManifest manifest, byte[] model) {
    ModelManifest saved =
        manifest.withModel(modelFileName(manifest.modelRevision()), sha256(model));
    Path target = modelPath(saved.modelFile());
    try {
      Files.createDirectories(dir);
      writeAtomically(target, model);
      writeAtomically(dir.resolve(MANIFEST), JSON.writeValueAsBytes(toJson(saved)));
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot save the model in " + dir + ": " + e, e);
    }
    removeOthers(saved.modelFile());
    return target;
  }

  @Override
  public synchronized void deleteAll() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      // The manifest goes first, so that a crash half-way never leaves a manifest without its
      // model.
      Files.deleteIfExists(dir.resolve(MANIFEST));
      for (Path p : ds) {
        // A lock file stays: a process waiting on it holds it open, and a new file of the same
        // name would let a third process take "the" lock beside it.
        if (!p.getFileName().toString().endsWith(".lock")) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new SelectionException(
          ErrorCode.IO_ERROR, "Cannot delete models in " + dir + ": " + e, e);
    }
  }

  /** Returns the highest revision among booster files on disk, 0 when none. */
  @Override
  public synchronized long highestSavedRevision() {
    long best = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        Matcher m = MODEL_FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          best = Math.max(best, Long.parseLong(m.group(1)));
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list {}: {}", dir, e.toString());
    }
    return best;
  }

  /** Returns the lowercase hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private Path modelPath(String name) {
    if (!MODEL_FILE.matcher(name).matches()) {
      throw new SelectionException(
          ErrorCode.MODEL_LOAD_FAILED, "Bad model file name in manifest: " + name);
    }
    return dir.resolve(name);
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void fsyncDirectory() {
    // Makes the rename durable on POSIX file systems; not supported (and not needed) on Windows.
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.trace("Directory fsync not supported for {}: {}", dir, e.toString());
    }
  }

  private void removeOthers(String keep) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!name.equals(keep) && (MODEL_FILE.matcher(name).matches() || name.endsWith(".tmp"))) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove older models in {}: {}", dir, e.toString());
    }
  }

  private static ObjectNode toJson(ModelManifest m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("manifestFormat", MANIFEST_FORMAT);
    o.put("modelRevision", m.modelRevision());
    o.put("featureSetVersion", m.featureSetVersion());
    ArrayNode names = o.putArray("featureNames");
    m.featureNames().forEach(names::add);
    ObjectNode embedders = o.putObject("embedderVersions");
    new TreeMap<>(m.embedderVersions()).forEach(embedders::put);
    o.put("modelFile", m.modelFile());
    o.put("modelSha256", m.modelSha256());
    o.put("trainedAt", m.trainedAt().toString());
    o.put("positives", m.positives());
    o.put("negatives", m.negatives());
    ObjectNode metrics = o.putObject("metrics");
    new TreeMap<>(m.metrics()).forEach(metrics::put);
    ObjectNode base = o.putObject("baselineMetrics");
    new TreeMap<>(m.baselineMetrics()).forEach(base::put);
    ArrayNode liked = o.putArray("likedSnapshot");
    m.likedSnapshot().forEach(liked::add);
    ArrayNode disliked = o.putArray("dislikedSnapshot");
    m.dislikedSnapshot().forEach(disliked::add);
    if (m.gbdtParams() != null) {
      GbdtParams g = m.gbdtParams();
      ObjectNode p = o.putObject("gbdtParams");
      p.put("maxDepth", g.maxDepth());
      p.put("eta", g.eta());
      p.put("subsample", g.subsample());
      p.put("colsampleBytree", g.colsampleBytree());
      p.put("minChildWeight", g.minChildWeight());
      p.put("lambda", g.lambda());
      p.put("maxRounds", g.maxRounds());
      p.put("patience", g.patience());
      p.put("monotone", g.monotone());
      p.put("seed", g.seed());
      p.put("earlyStopping", g.earlyStopping());
      p.put("objective", g.objective());
      p.put("prior", g.prior());
    }
    if (!m.excludedFeatureGroups().isEmpty()) {
      ArrayNode excluded = o.putArray("excludedFeatureGroups");
      m.excludedFeatureGroups().forEach(excluded::add);
    }
    if (m.sdkVersion() != null) {
      o.put("sdkVersion", m.sdkVersion());
    }
    if (m.xgboostVersion() != null) {
      o.put("xgboostVersion", m.xgboostVersion());
    }
    return o;
  }

  /** Reads the hyper-parameters; null for manifests written before they were recorded. */
  private static GbdtParams gbdtParams(JsonNode o) {
    JsonNode p = o.get("gbdtParams");
    if (p == null || p.isNull()) {
      return null;
    }
    return new GbdtParams(
        req(p, "maxDepth").asInt(),
        req(p, "eta").asDouble(),
        req(p, "subsample").asDouble(),
        req(p, "colsampleBytree").asDouble(),
        req(p, "minChildWeight").asDouble(),
        req(p, "lambda").asDouble(),
        req(p, "maxRounds").asInt(),
        req(p, "patience").asInt(),
        req(p, "monotone").asBoolean(),
        req(p, "seed").asLong(),
        req(p, "earlyStopping").asBoolean(),
        req(p, "objective").asText(),
        req(p, "prior").asBoolean());
  }

  private static String optionalText(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static ModelManifest parse(JsonNode o) {
    int format = o.path("manifestFormat").asInt(1);
    if (format > MANIFEST_FORMAT) {
      throw new IllegalArgumentException(
          "manifest format " + format + " is newer than this SDK's " + MANIFEST_FORMAT);
    }
    List<String> names = new ArrayList<>();
    req(o, "featureNames").forEach(n -> names.add(n.asText()));
    List<String> liked = new ArrayList<>();
    req(o, "likedSnapshot").forEach(n -> liked.add(n.asText()));
    // Optional: manifests written before feature set 2 have no contrast snapshot.
    List<String> disliked = new ArrayList<>();
    o.path("dislikedSnapshot").forEach(n -> disliked.add(n.asText()));
    // Manifests before feature set 3 name one OpenL3 embedder version.
    Map<String, String> embedders = new TreeMap<>();
    o.path("embedderVersions")
        .fields()
        .forEachRemaining(e -> embedders.put(e.getKey(), e.getValue().asText()));
    String legacy = o.path("embedderVersion").asText("");
    if (!legacy.isEmpty()) {
      embedders.putIfAbsent(dev.selection.api.SongFeatures.OPENL3, legacy);
    }
    List<String> excluded = new ArrayList<>();
    o.path("excludedFeatureGroups").forEach(n -> excluded.add(n.asText()));
    return new ModelManifest(
        req(o, "modelRevision").asLong(),
        req(o, "featureSetVersion").asText(),
        names,
        embedders,
        req(o, "modelFile").asText(),
        req(o, "modelSha256").asText(),
        Instant.parse(req(o, "trainedAt").asText()),
        req(o, "positives").asInt(),
        req(o, "negatives").asInt(),
        doubles(o.path("metrics")),
        doubles(o.path("baselineMetrics")),
        liked,
        disliked,
        gbdtParams(o),
        optionalText(o, "sdkVersion"),
        optionalText(o, "xgboostVersion"),
        excluded);
  }

  private static JsonNode req(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return n;
  }

  private static Map<String, Double> doubles(JsonNode o) {
    Map<String, Double> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      m.put(e.getKey(), e.getValue().asDouble());
    }
    return m;
  }
}
