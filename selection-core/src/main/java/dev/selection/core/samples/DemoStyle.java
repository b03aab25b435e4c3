package dev.selection.core.samples;

import java.util.List;

/**
 * A synthetic musical style of the demo library. Each style differs in tempo, key, rhythm and
 * timbre so that content features can tell the groups apart.
 */
public enum DemoStyle {
  /** Four-on-the-floor kick, off-beat hats and a saw bass in A minor, 126–130 BPM. */
  TECHNO("Techno", "Demo Techno Unit", 128, 9, false, List.of("Techno", "Electronic")),
  /** Slow detuned pad chords and a noise wash in D major, no drums. */
  AMBIENT("Ambient", "Demo Ambient Collective", 70, 2, true, List.of("Ambient")),
  /** Breakbeat kick/snare at 172–176 BPM with a detuned reese bass in F minor. */
  DRUM_AND_BASS(
      "Drum & Bass", "Demo Jungle Crew", 174, 5, false, List.of("Drum & Bass", "Electronic")),
  /** Plucked-string (Karplus–Strong) arpeggios in G major at about 96 BPM, no drums. */
  FOLK("Folk", "Demo Folk Trio", 96, 7, true, List.of("Folk", "Acoustic")),
  /** Square-wave leads and arpeggios in C major at about 140 BPM with a noise snare. */
  CHIPTUNE("Chiptune", "Demo 8-Bit Band", 140, 0, true, List.of("Chiptune"));

  private final String genre;
  private final String artist;
  private final double bpm;
  private final int keyRootSemitone;
  private final boolean major;
  private final List<String> genres;

  DemoStyle(
      String genre,
      String artist,
      double bpm,
      int keyRootSemitone,
      boolean major,
      List<String> genres) {
    this.genre = genre;
    this.artist = artist;
    this.bpm = bpm;
    this.keyRootSemitone = keyRootSemitone;
    this.major = major;
    this.genres = genres;
  }

  /** Returns the style's main genre name. */
  public String genre() {
    return genre;
  }

  /** Returns the fictional artist of the style's tracks. */
  public String artist() {
    return artist;
  }

  /** Returns the nominal tempo in BPM. */
  public double bpm() {
    return bpm;
  }

  /** Returns the key's tonic as semitones above C. */
  public int keyRootSemitone() {
    return keyRootSemitone;
  }

  /** Returns true for a major key. */
  public boolean major() {
    return major;
  }

  /** Returns the genre tags. */
  public List<String> genres() {
    return genres;
  }
}
