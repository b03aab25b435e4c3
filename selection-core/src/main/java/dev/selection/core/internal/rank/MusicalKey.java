package dev.selection.core.internal.rank;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A musical key (tonic pitch class and mode) with the two distances the ranker uses. Parses what the key
 * extractor and tags write: {@code "A minor"}, {@code "C# major"}, {@code "Db maj"}, {@code "F#m"},
 * {@code "Am"}, {@code "E"} (major), and Camelot codes ({@code "8A"}).
 *
 * @param pitchClass tonic, 0 = C … 11 = B
 * @param minor true for minor, false for major
 */
public record MusicalKey(int pitchClass, boolean minor) {
  private static final Pattern NAME = Pattern.compile(
      "^([A-Ga-g])\\s*([#\u266Fb\u266D]?)\\s*(major|minor|maj|min|m|M|ionian|aeolian)?$");
  private static final Pattern CAMELOT = Pattern.compile("^(1[0-2]|[1-9])\\s*([ABab])$");
  private static final int[] NATURAL = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G

  /** Validates the pitch class. */
  public MusicalKey {
    if (pitchClass < 0 || pitchClass > 11) {
      throw new IllegalArgumentException("pitchClass must be 0..11: " + pitchClass);
    }
  }

  /** Parses a key name; empty for null, blank or unrecognised text. */
  public static Optional<MusicalKey> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    Matcher c = CAMELOT.matcher(t);
    if (c.matches()) {
      int n = Integer.parseInt(c.group(1));
      boolean minor = c.group(2).equalsIgnoreCase("A");
      // Camelot n (major) has tonic 7*(n-8) semitones from C: 8B = C, 9B = G, 1B = B.
      int major = Math.floorMod(7 * (n - 8), 12);
      return Optional.of(new MusicalKey(minor ? Math.floorMod(major - 3, 12) : major, minor));
    }
    Matcher m = NAME.matcher(t);
    if (!m.matches()) {
      return Optional.empty();
    }
    int pc = NATURAL[Character.toUpperCase(m.group(1).charAt(0)) - 'A'];
    String acc = m.group(2);
    if (acc.equals("#") || acc.equals("\u266F")) {
      pc++;
    } else if (acc.equals("b") || acc.equals("\u266D")) {
      pc--;
    }
    String mode = m.group(3) == null ? "" : m.group(3);
    boolean minor = mode.equals("m") || mode.toLowerCase(Locale.ROOT).startsWith("min")
        || mode.equalsIgnoreCase("aeolian");
    return Optional.of(new MusicalKey(Math.floorMod(pc, 12), minor));
  }

  /** Returns the Camelot wheel number 1–12 (8B = C major, 8A = A minor). */
  public int camelotNumber() {
    int major = minor ? (pitchClass + 3) % 12 : pitchClass;
    return Math.floorMod(7 * major + 7, 12) + 1;
  }

  /**
   * Harmonic-mixing distance on the Camelot wheel: steps around the wheel (0–6) plus 1 when the letter
   * (mode) differs. Relative major/minor are 1 apart, a fifth is 1 apart.
   */
  public int camelotDistance(MusicalKey o) {
    int d = Math.abs(camelotNumber() - o.camelotNumber());
    return Math.min(d, 12 - d) + (minor == o.minor ? 0 : 1);
  }

  /** Semitone distance between the tonics (0–6) plus 1 when the mode differs. */
  public int semitoneDistance(MusicalKey o) {
    int d = Math.abs(pitchClass - o.pitchClass);
    return Math.min(d, 12 - d) + (minor == o.minor ? 0 : 1);
  }
}
