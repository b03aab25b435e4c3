package dev.selection.api;

import java.util.Locale;

/** A user's explicit judgement of a song. {@link #NEUTRAL} is the default and is never stored. */
public enum Label {
  /** The user likes the song: a positive sample. */
  LIKED("liked"),
  /** The user dislikes the song: a negative sample. Negatives come only from explicit dislikes. */
  DISLIKED("disliked"),
  /** No judgement (the default): not a sample. */
  NEUTRAL("neutral");

  private final String wireName;

  Label(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the stable lower-case name: {@code liked}, {@code disliked} or {@code neutral}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a label word as users type it: {@code like|liked}, {@code dislike|disliked}, {@code
   * clear|neutral|none} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other word, naming the accepted ones
   */
  public static Label parse(String word) {
    if (word == null) {
      throw new IllegalArgumentException("Label word must not be null");
    }
    switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "like":
      case "liked":
        return LIKED;
      case "dislike":
      case "disliked":
        return DISLIKED;
      case "clear":
      case "neutral":
      case "none":
        return NEUTRAL;
      default:
        throw new IllegalArgumentException(
            "Unknown label '" + word + "': expected like, dislike or clear");
    }
  }
}
