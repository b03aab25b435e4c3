package dev.selection.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A musical key: a tonic pitch class and a mode. Spelled with sharps, e.g. {@code "A minor"} or
 * {@code "C# major"} (the format of {@code SongFeatures.key}).
 *
 * @param tonicPitchClass tonic as a pitch class, 0 = C, 1 = C#, ..., 11 = B
 * @param mode major or minor
 */
public record MusicalKey(int tonicPitchClass, Mode mode) {
  private static final String[] SHARP_NAMES = {
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"
  };

  /** Validates the values. */
  public MusicalKey {
    Objects.requireNonNull(mode, "mode");
    if (tonicPitchClass < 0 || tonicPitchClass > 11) {
      throw new IllegalArgumentException("tonicPitchClass must be 0..11: " + tonicPitchClass);
    }
  }

  /**
   * Parses a key string: a tonic letter A–G, optional {@code #} or {@code b} (also {@code ♯}/{@code
   * ♭}), a space and {@code major}/{@code minor} (also {@code maj}/{@code min}, any case).
   * Examples: {@code "A minor"}, {@code "C# major"}, {@code "Bb minor"}.
   *
   * @throws IllegalArgumentException if {@code text} is not a key in that form
   */
  public static MusicalKey parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.trim();
    int space = t.indexOf(' ');
    if (space < 1) {
      throw new IllegalArgumentException("Not a key: " + text);
    }
    String tonic = t.substring(0, space);
    String modeText = t.substring(space + 1).trim().toLowerCase(Locale.ROOT);
    Mode mode;
    if (modeText.equals("major") || modeText.equals("maj")) {
      mode = Mode.MAJOR;
    } else if (modeText.equals("minor") || modeText.equals("min")) {
      mode = Mode.MINOR;
    } else {
      throw new IllegalArgumentException("Not a key: " + text);
    }
    int pc;
    switch (Character.toUpperCase(tonic.charAt(0))) {
      case 'C' -> pc = 0;
      case 'D' -> pc = 2;
      case 'E' -> pc = 4;
      case 'F' -> pc = 5;
      case 'G' -> pc = 7;
      case 'A' -> pc = 9;
      case 'B' -> pc = 11;
      default -> throw new IllegalArgumentException("Not a key: " + text);
    }
    for (int i = 1; i < tonic.length(); i++) {
      char c = tonic.charAt(i);
      if (c == '#' || c == '♯') {
        pc++;
      } else if (c == 'b' || c == '♭') {
        pc--;
      } else {
        throw new IllegalArgumentException("Not a key: " + text);
      }
    }
    return new MusicalKey(Math.floorMod(pc, 12), mode);
  }

  private static final java.util.regex.Pattern LENIENT =
      java.util.regex.Pattern.compile(
          "^([A-Ga-g])\\s*([#\u266Fb\u266D]?)\\s*(major|minor|maj|min|m|M|ionian|aeolian)?$");
  private static final java.util.regex.Pattern CAMELOT_CODE =
      java.util.regex.Pattern.compile("^(1[0-2]|[1-9])\\s*([ABab])$");
  private static final int[] NATURAL = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G

  /**
   * Parses the key spellings found in tags as well as ours: {@code "A minor"}, {@code "C# major"},
   * {@code "Db maj"}, {@code "F#m"}, {@code "Am"}, {@code "E"} (major), {@code "g min"} and Camelot
   * codes ({@code "8A"}).
   *
   * @return the key, or empty for null, blank or unrecognised text
   */
  public static java.util.Optional<MusicalKey> parseLenient(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    String t = text.strip();
    java.util.regex.Matcher c = CAMELOT_CODE.matcher(t);
    if (c.matches()) {
      int n = Integer.parseInt(c.group(1));
      boolean minor = c.group(2).equalsIgnoreCase("A");
      // Camelot n (B, major) has its tonic 7 * (n - 8) semitones above C: 8B = C, 9B = G, 1B = B.
      int major = Math.floorMod(7 * (n - 8), 12);
      return java.util.Optional.of(
          minor
              ? new MusicalKey(Math.floorMod(major - 3, 12), Mode.MINOR)
              : new MusicalKey(major, Mode.MAJOR));
    }
    java.util.regex.Matcher m = LENIENT.matcher(t);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    int pc = NATURAL[Character.toUpperCase(m.group(1).charAt(0)) - 'A'];
    String acc = m.group(2);
    if (acc.equals("#") || acc.equals("\u266F")) {
      pc++;
    } else if (acc.equals("b") || acc.equals("\u266D")) {
      pc--;
    }
    String mode = m.group(3) == null ? "" : m.group(3);
    boolean minor =
        mode.equals("m")
            || mode.toLowerCase(Locale.ROOT).startsWith("min")
            || mode.equalsIgnoreCase("aeolian");
    return java.util.Optional.of(
        new MusicalKey(Math.floorMod(pc, 12), minor ? Mode.MINOR : Mode.MAJOR));
  }

  /** Returns the tonic spelled with sharps, e.g. {@code "C#"}. */
  public String tonicName() {
    return SHARP_NAMES[tonicPitchClass];
  }

  /** Returns the key as {@code "A minor"} / {@code "C# major"}. */
  public String name() {
    return tonicName() + " " + mode.label();
  }

  /** Returns the relative key (A minor ↔ C major). */
  public MusicalKey relative() {
    return mode == Mode.MINOR
        ? new MusicalKey((tonicPitchClass + 3) % 12, Mode.MAJOR)
        : new MusicalKey((tonicPitchClass + 9) % 12, Mode.MINOR);
  }

  /** Returns the parallel key (A minor ↔ A major). */
  public MusicalKey parallel() {
    return new MusicalKey(tonicPitchClass, mode == Mode.MAJOR ? Mode.MINOR : Mode.MAJOR);
  }

  /**
   * Returns the position 1..12 on the Camelot wheel: C major and A minor are 8, each step clockwise
   * is a fifth up (G major / E minor are 9).
   */
  public int camelotNumber() {
    int majorTonic = mode == Mode.MAJOR ? tonicPitchClass : (tonicPitchClass + 3) % 12;
    int fifths = (majorTonic * 7) % 12; // C=0, G=1, D=2, ... F=11 on the circle of fifths
    return (fifths + 7) % 12 + 1;
  }

  /** Returns the Camelot code, e.g. {@code "8A"} for A minor and {@code "8B"} for C major. */
  public String camelot() {
    return camelotNumber() + (mode == Mode.MINOR ? "A" : "B");
  }

  /** Returns the Open Key code, e.g. {@code "1m"} for A minor and {@code "1d"} for C major. */
  public String openKey() {
    int number = (camelotNumber() + 4) % 12 + 1; // Open Key 1 = Camelot 8
    return number + (mode == Mode.MINOR ? "m" : "d");
  }

  @Override
  public String toString() {
    return name();
  }

  /** The mode of a key. */
  public enum Mode {
    /** Major (Ionian). */
    MAJOR("major"),
    /** Minor (natural/harmonic minor). */
    MINOR("minor");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    /** Returns the lower-case name used in key strings, {@code "major"} or {@code "minor"}. */
    public String label() {
      return label;
    }
  }
}
