package dev.selection.onnx.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selection.onnx.EfficientAtFrontEnd;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of an EfficientAT model ({@code selection-model-efficientat/scripts/
 * export_onnx.py} writes it): {@code modelFile}, {@code sha256} and {@code labelsFile} are
 * required, and {@code frontEnd} must hold the constants {@link EfficientAtFrontEnd} computes with,
 * so that a model made for another front end is refused instead of given the wrong input.
 *
 * @param modelFile the ONNX file's name
 * @param sha256 lowercase hex SHA-256 of the ONNX file
 * @param labelsFile the AudioSet labels file's name ({@code index,mid,display_name} CSV)
 * @param version the model version (informative)
 * @param frontEnd the front-end constants, by name
 */
public record EfficientAtManifest(
    String modelFile,
    String sha256,
    String labelsFile,
    String version,
    Map<String, Double> frontEnd) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The constants a manifest must state, with the values this SDK's front end uses. */
  static final Map<String, Double> EXPECTED_FRONT_END =
      Map.ofEntries(
          Map.entry("sampleRateHz", (double) EfficientAtFrontEnd.SAMPLE_RATE_HZ),
          Map.entry("fftSize", (double) EfficientAtFrontEnd.FFT_SIZE),
          Map.entry("windowLength", (double) EfficientAtFrontEnd.WINDOW_LENGTH),
          Map.entry("hopSamples", (double) EfficientAtFrontEnd.HOP_SAMPLES),
          Map.entry("melBands", (double) EfficientAtFrontEnd.MEL_BANDS),
          Map.entry("fMinHz", EfficientAtFrontEnd.F_MIN_HZ),
          Map.entry("fMaxHz", EfficientAtFrontEnd.F_MAX_HZ),
          Map.entry("preemphasis", EfficientAtFrontEnd.PREEMPHASIS),
          Map.entry("logOffset", EfficientAtFrontEnd.LOG_OFFSET),
          Map.entry("shift", EfficientAtFrontEnd.SHIFT),
          Map.entry("scale", EfficientAtFrontEnd.SCALE));

  /** Validates plain file names and the digest. */
  public EfficientAtManifest {
    plainName(modelFile, "modelFile");
    plainName(labelsFile, "labelsFile");
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
    }
    frontEnd = Map.copyOf(frontEnd);
  }

  /**
   * Parses a manifest.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is not a JSON object with the required fields
   */
  public static EfficientAtManifest read(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode fe = root.get("frontEnd");
    if (fe == null || !fe.isObject()) {
      throw new IllegalArgumentException("no frontEnd object");
    }
    Map<String, Double> frontEnd = new java.util.TreeMap<>();
    fe.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber()) {
                frontEnd.put(e.getKey(), e.getValue().asDouble());
              }
            });
    return new EfficientAtManifest(
        text(root, "modelFile"),
        text(root, "sha256").toLowerCase(Locale.ROOT),
        text(root, "labelsFile"),
        root.path("version").asText(""),
        frontEnd);
  }

  /**
   * Checks that the manifest's front-end constants are this SDK's.
   *
   * @throws IllegalArgumentException naming the first constant that differs or is missing
   */
  public void checkFrontEnd() {
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(EXPECTED_FRONT_END).entrySet()) {
      Double got = frontEnd.get(e.getKey());
      if (got == null
          || Math.abs(got - e.getValue()) > 1e-9 * Math.max(1, Math.abs(e.getValue()))) {
        throw new IllegalArgumentException(
            "front end "
                + e.getKey()
                + " is "
                + got
                + " but this SDK computes with "
                + e.getValue()
                + ": the model does not match");
      }
    }
  }

  /** Returns the lowercase hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return ModelManifestFile.sha256(bytes);
  }

  /**
   * Returns the display name of one line of the labels CSV ({@code 0,/m/09x0r,"Speech"}): the third
   * field, unquoted.
   *
   * @throws IllegalArgumentException if the line has fewer than three fields
   */
  public static String labelOf(String line) {
    int first = line.indexOf(',');
    int second = first < 0 ? -1 : line.indexOf(',', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("not an index,mid,display_name line: " + line);
    }
    String name = line.substring(second + 1).trim();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    return name;
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("no string field " + field);
    }
    return n.asText();
  }

  private static void plainName(String name, String field) {
    if (name == null
        || name.isBlank()
        || name.contains("/")
        || name.contains("\\")
        || name.equals("..")
        || name.equals(".")) {
      throw new IllegalArgumentException(field + " must be a plain file name: " + name);
    }
  }
}
