package dev.selection.cli;

/** Placeholder entry point; replaced by the picocli command tree. */
public final class Main {
  private Main() { }

  /** Runs the command line. */
  public static void main(String[] args) {
    System.out.println("selection");
  }
}
