package dev.selection.onnx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} next to an OpenL3 ONNX model: {@code modelFile} (a file name in the
 * same folder) and {@code sha256} (lowercase hex of the file) are required; the rest is
 * informative.
 *
 * @param modelFile the model's file name, without any folder part
 * @param sha256 lowercase hex SHA-256 of the model file
 * @param embeddingSize the embedding dimension, or 0 when the manifest does not say
 */
public record ModelManifestFile(String modelFile, String sha256, int embeddingSize) {
  /** The manifest's file name. */
  public static final String FILE_NAME = "manifest.json";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates: a plain file name and a 64-digit lowercase hex digest. */
  public ModelManifestFile {
    if (modelFile == null
        || modelFile.isBlank()
        || modelFile.contains("/")
        || modelFile.contains("\\")
        || modelFile.equals("..")
        || modelFile.equals(".")) {
      throw new IllegalArgumentException(
          "manifest modelFile must be a plain file name: " + modelFile);
    }
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "manifest sha256 must be 64 lowercase hex digits: " + sha256);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is not JSON or lacks {@code modelFile} / {@code sha256}
   */
  public static ModelManifestFile read(Path manifest) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(manifest.toFile());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(
          "manifest is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("manifest is not a JSON object");
    }
    JsonNode file = root.get("modelFile");
    JsonNode sha = root.get("sha256");
    if (file == null || !file.isTextual() || sha == null || !sha.isTextual()) {
      throw new IllegalArgumentException("manifest lacks the string fields modelFile and sha256");
    }
    JsonNode dim = root.get("embeddingSize");
    return new ModelManifestFile(
        file.asText(),
        sha.asText().toLowerCase(Locale.ROOT),
        dim != null && dim.canConvertToInt() ? dim.asInt() : 0);
  }

  /** Writes a manifest with extra informative fields. */
  public static void write(Path manifest, ModelManifestFile m, ObjectNode extra)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("modelFile", m.modelFile());
    root.put("sha256", m.sha256());
    if (m.embeddingSize() > 0) {
      root.put("embeddingSize", m.embeddingSize());
    }
    if (extra != null) {
      root.setAll(extra);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
  }

  /** Returns a new empty JSON object for {@link #write}'s extra fields. */
  public static ObjectNode newObject() {
    return JSON.createObjectNode();
  }

  /** Returns the lowercase hex SHA-256 of a file, streaming. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Returns the lowercase hex SHA-256 of bytes. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
