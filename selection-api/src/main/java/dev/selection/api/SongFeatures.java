package dev.selection.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything stored about one song's content, keyed by its {@code songId} (the SHA-256 of its
 * canonical PCM). A null component means "unknown / not named": a partial upsert never erases a
 * stored value for a component that is null here.
 *
 * <p>Array components are copied on the way in and out. {@code extractorVersions} maps a feature
 * group name (e.g. {@code "tonal"}, {@code "openl3"}, {@code "efficientat"}) to the version of the
 * extractor that computed it, so that an upgrade of one extractor recomputes only its own features.
 *
 * @param songId lowercase hex SHA-256 of the canonical PCM; required
 * @param fileHash hash of the file bytes the features were computed from, or null
 * @param embeddings the learned embeddings by kind ({@value #OPENL3}, {@value #EFFICIENTAT}, or a
 *     host embedder's kind); never null, may be empty; a kind that is absent is "not named"
 * @param timbre timbre descriptor (MFCC and spectral-shape statistics), or null
 * @param chromaprintFingerprint compressed Chromaprint fingerprint string, or null
 * @param chromaprintSimhash 64-bit SimHash of the raw Chromaprint codes, or null
 * @param rmsMean mean RMS over the analysed segments (linear, 0..1), or null
 * @param loudnessLufs EBU R128 integrated loudness of the whole track, or null
 * @param hpcp harmonic pitch class profile (12 or 36 bins), or null
 * @param bpm tempo in beats per minute, or null
 * @param bpmConfidence tempo confidence 0..1, or null
 * @param key key as {@code "A minor"} or {@code "C# major"}, or null
 * @param keyStrength key strength 0..1, or null
 * @param durationSec duration in seconds, or null
 * @param bitrateKbps average bitrate in kbit/s, or null
 * @param metadata editable metadata, or null when not named
 * @param extractorVersions feature group to extractor version; never null, may be empty
 * @param updatedAt when the row was last written, or null (the store fills it in)
 * @param beatGrid beats and downbeats (stored as constant-tempo sections), or null
 */
public record SongFeatures(
    String songId,
    String fileHash,
    Map<String, Embedding> embeddings,
    float[] timbre,
    String chromaprintFingerprint,
    Long chromaprintSimhash,
    Double rmsMean,
    Double loudnessLufs,
    float[] hpcp,
    Double bpm,
    Double bpmConfidence,
    String key,
    Double keyStrength,
    Double durationSec,
    Double bitrateKbps,
    SongMetadata metadata,
    Map<String, String> extractorVersions,
    Instant updatedAt,
    BeatGrid beatGrid) {

  /** The embedding kind of OpenL3 (the {@code openl3_vector} column). */
  public static final String OPENL3 = "openl3";

  /** The embedding kind of the built-in EfficientAT model. */
  public static final String EFFICIENTAT = "efficientat";

  /**
   * The name of the timbre descriptor where a vector is named next to the embedding kinds (an
   * {@link Explanation.Neighbor#descriptor()}, a {@link SimilarResult#descriptor()}); never an
   * embedding kind itself.
   */
  public static final String TIMBRE = "timbre";

  /** Validates the id and copies arrays, the embedding map and the version map. */
  public SongFeatures {
    requireSongId(songId);
    embeddings = embeddings == null ? Map.of() : Map.copyOf(new TreeMap<>(embeddings));
    timbre = copy(timbre);
    hpcp = copy(hpcp);
    extractorVersions =
        extractorVersions == null ? Map.of() : Map.copyOf(new TreeMap<>(extractorVersions));
  }

  /** Returns the embedding of a kind, if present. */
  public java.util.Optional<Embedding> embedding(String kind) {
    return java.util.Optional.ofNullable(embeddings.get(kind));
  }

  /** Returns a copy of the OpenL3 embedding ({@code embeddings().get("openl3")}), or null. */
  public float[] openl3Vector() {
    Embedding e = embeddings.get(OPENL3);
    return e == null ? null : e.vector();
  }

  /**
   * Returns the version of the embedder that produced the OpenL3 vector (empty when it was not
   * given), or null without a vector.
   */
  public String modelVersion() {
    Embedding e = embeddings.get(OPENL3);
    return e == null ? null : e.modelVersion();
  }

  /** Returns a copy of the timbre descriptor, or null. */
  @Override
  public float[] timbre() {
    return copy(timbre);
  }

  /** Returns a copy of the HPCP, or null. */
  @Override
  public float[] hpcp() {
    return copy(hpcp);
  }

  /** Starts a builder for a song. */
  public static Builder builder(String songId) {
    return new Builder(songId);
  }

  /** Starts a builder holding every component of this record. */
  public Builder toBuilder() {
    Builder b = new Builder(songId);
    b.fileHash = fileHash;
    b.embeddings = new TreeMap<>(embeddings);
    b.timbre = timbre;
    b.chromaprintFingerprint = chromaprintFingerprint;
    b.chromaprintSimhash = chromaprintSimhash;
    b.rmsMean = rmsMean;
    b.loudnessLufs = loudnessLufs;
    b.hpcp = hpcp;
    b.bpm = bpm;
    b.bpmConfidence = bpmConfidence;
    b.key = key;
    b.keyStrength = keyStrength;
    b.durationSec = durationSec;
    b.bitrateKbps = bitrateKbps;
    b.metadata = metadata;
    b.extractorVersions = new TreeMap<>(extractorVersions);
    b.updatedAt = updatedAt;
    b.beatGrid = beatGrid;
    return b;
  }

  /**
   * Checks that {@code songId} is 64 lowercase hex characters.
   *
   * @return the id
   * @throws IllegalArgumentException if it is null or malformed
   */
  public static String requireSongId(String songId) {
    if (songId == null || songId.length() != 64) {
      throw new IllegalArgumentException("songId must be 64 lowercase hex characters: " + songId);
    }
    for (int i = 0; i < 64; i++) {
      char c = songId.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("songId must be 64 lowercase hex characters: " + songId);
      }
    }
    return songId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SongFeatures f)) {
      return false;
    }
    return songId.equals(f.songId)
        && Objects.equals(fileHash, f.fileHash)
        && embeddings.equals(f.embeddings)
        && Arrays.equals(timbre, f.timbre)
        && Objects.equals(chromaprintFingerprint, f.chromaprintFingerprint)
        && Objects.equals(chromaprintSimhash, f.chromaprintSimhash)
        && Objects.equals(rmsMean, f.rmsMean)
        && Objects.equals(loudnessLufs, f.loudnessLufs)
        && Arrays.equals(hpcp, f.hpcp)
        && Objects.equals(bpm, f.bpm)
        && Objects.equals(bpmConfidence, f.bpmConfidence)
        && Objects.equals(key, f.key)
        && Objects.equals(keyStrength, f.keyStrength)
        && Objects.equals(durationSec, f.durationSec)
        && Objects.equals(bitrateKbps, f.bitrateKbps)
        && Objects.equals(metadata, f.metadata)
        && extractorVersions.equals(f.extractorVersions)
        && Objects.equals(updatedAt, f.updatedAt)
        && Objects.equals(beatGrid, f.beatGrid);
  }

  @Override
  public int hashCode() {
    int h =
        Objects.hash(
            songId,
            fileHash,
            embeddings,
            chromaprintFingerprint,
            chromaprintSimhash,
            rmsMean,
            loudnessLufs,
            bpm,
            bpmConfidence,
            key,
            keyStrength,
            durationSec,
            bitrateKbps,
            metadata,
            extractorVersions,
            updatedAt);
    h = 31 * h + Arrays.hashCode(timbre);
    h = 31 * h + Objects.hashCode(beatGrid);
    return 31 * h + Arrays.hashCode(hpcp);
  }

  @Override
  public String toString() {
    return "SongFeatures[songId="
        + songId
        + ", fileHash="
        + fileHash
        + ", bpm="
        + bpm
        + ", key="
        + key
        + ", durationSec="
        + durationSec
        + ", embeddings="
        + embeddings.keySet()
        + ", timbre="
        + dim(timbre)
        + ", hpcp="
        + dim(hpcp)
        + ", versions="
        + extractorVersions
        + "]";
  }

  private static String dim(float[] v) {
    return v == null ? "null" : "float[" + v.length + "]";
  }

  private static float[] copy(float[] v) {
    return v == null ? null : v.clone();
  }

  /** Mutable builder of {@link SongFeatures}; not thread-safe. Unset components stay null. */
  public static final class Builder {
    private final String songId;
    private String fileHash;
    private Map<String, Embedding> embeddings = new TreeMap<>();
    private String modelVersion;
    private float[] openl3Vector;
    private float[] timbre;
    private String chromaprintFingerprint;
    private Long chromaprintSimhash;
    private Double rmsMean;
    private Double loudnessLufs;
    private float[] hpcp;
    private Double bpm;
    private Double bpmConfidence;
    private String key;
    private Double keyStrength;
    private Double durationSec;
    private Double bitrateKbps;
    private SongMetadata metadata;
    private Map<String, String> extractorVersions = new TreeMap<>();
    private Instant updatedAt;
    private BeatGrid beatGrid;

    private Builder(String songId) {
      this.songId = requireSongId(songId);
    }

    /** Sets the file hash. */
    public Builder fileHash(String v) {
      fileHash = v;
      return this;
    }

    /**
     * Sets the embedder version of the OpenL3 vector; with {@link #openl3Vector(float[])} it makes
     * the {@value SongFeatures#OPENL3} entry of the embeddings.
     */
    public Builder modelVersion(String v) {
      modelVersion = v;
      return this;
    }

    /** Sets the OpenL3 embedding (see {@link #modelVersion(String)}). */
    public Builder openl3Vector(float[] v) {
      openl3Vector = v;
      return this;
    }

    /** Sets the embedding of a kind, or removes it from this builder when {@code e} is null. */
    public Builder embedding(String kind, Embedding e) {
      Objects.requireNonNull(kind, "kind");
      if (e == null) {
        embeddings.remove(kind);
      } else {
        embeddings.put(kind, e);
      }
      if (OPENL3.equals(kind)) {
        openl3Vector = null;
        modelVersion = null;
      }
      return this;
    }

    /** Sets the timbre descriptor. */
    public Builder timbre(float[] v) {
      timbre = v;
      return this;
    }

    /** Sets the compressed Chromaprint fingerprint. */
    public Builder chromaprintFingerprint(String v) {
      chromaprintFingerprint = v;
      return this;
    }

    /** Sets the Chromaprint SimHash. */
    public Builder chromaprintSimhash(Long v) {
      chromaprintSimhash = v;
      return this;
    }

    /** Sets the RMS mean. */
    public Builder rmsMean(Double v) {
      rmsMean = v;
      return this;
    }

    /** Sets the integrated loudness in LUFS. */
    public Builder loudnessLufs(Double v) {
      loudnessLufs = v;
      return this;
    }

    /** Sets the HPCP. */
    public Builder hpcp(float[] v) {
      hpcp = v;
      return this;
    }

    /** Sets the tempo in BPM. */
    public Builder bpm(Double v) {
      bpm = v;
      return this;
    }

    /** Sets the tempo confidence. */
    public Builder bpmConfidence(Double v) {
      bpmConfidence = v;
      return this;
    }

    /** Sets the key, e.g. {@code "A minor"}. */
    public Builder key(String v) {
      key = v;
      return this;
    }

    /** Sets the key strength. */
    public Builder keyStrength(Double v) {
      keyStrength = v;
      return this;
    }

    /** Sets the duration in seconds. */
    public Builder durationSec(Double v) {
      durationSec = v;
      return this;
    }

    /** Sets the bitrate in kbit/s. */
    public Builder bitrateKbps(Double v) {
      bitrateKbps = v;
      return this;
    }

    /** Sets the metadata. */
    public Builder metadata(SongMetadata v) {
      metadata = v;
      return this;
    }

    /** Records the version of the extractor that computed a feature group. */
    public Builder extractorVersion(String group, String version) {
      extractorVersions.put(
          Objects.requireNonNull(group, "group"), Objects.requireNonNull(version, "version"));
      return this;
    }

    /** Sets the update time. */
    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    /** Sets the beat grid. */
    public Builder beatGrid(BeatGrid v) {
      beatGrid = v;
      return this;
    }

    /**
     * Builds the record. An OpenL3 vector set without a model version gets the empty version; a
     * model version without a vector is ignored.
     */
    public SongFeatures build() {
      Map<String, Embedding> all = new TreeMap<>(embeddings);
      if (openl3Vector != null) {
        all.put(OPENL3, new Embedding(openl3Vector, 0, modelVersion == null ? "" : modelVersion));
      }
      return new SongFeatures(
          songId,
          fileHash,
          all,
          timbre,
          chromaprintFingerprint,
          chromaprintSimhash,
          rmsMean,
          loudnessLufs,
          hpcp,
          bpm,
          bpmConfidence,
          key,
          keyStrength,
          durationSec,
          bitrateKbps,
          metadata,
          extractorVersions,
          updatedAt,
          beatGrid);
    }
  }
}
