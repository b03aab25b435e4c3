package dev.selection.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code selection} command: offline "will this user like this track" for a music library. */
@Command(
    name = "selection",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Offline, zero-configuration track preference predictions for a music library.",
    subcommands = {
      DemoCommand.class,
      ScanCommand.class,
      FeaturesCommand.class,
      FingerprintCommand.class,
      IdCommand.class,
      DecodeCommand.class,
      EmbedCommand.class,
      MelspecCommand.class,
      OpenL3ConvertCommand.class,
      LabelCommand.class,
      TrainCommand.class,
      RankCommand.class,
      SimilarCommand.class,
      EvalCommand.class,
      ExplainCommand.class,
      StatusCommand.class,
      ServeCommand.class,
      FailuresCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Option(
      names = "--library",
      paramLabel = "DIR",
      description = "The library root: everything Selection stores goes under it.")
  Path library;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command (picocli instantiates it). */
  public Main() {}

  /**
   * A bare {@code selection} is a usage error: picocli prints the message and the usage, exit 2.
   */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required command");
  }

  /** Builds the command line with our error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new Errors());
    // `--library demo` names a folder called demo, not the demo command.
    cl.setAllowSubcommandsAsOptionParameters(true);
    return cl;
  }

  /**
   * Runs the command line and exits with its status: 0 success, 1 a failure, 2 a usage error.
   *
   * @param args the arguments
   */
  public static void main(String[] args) throws InterruptedException {
    quietLogsOnStderr();
    int status = commandLine().execute(args);
    if (shutdownInProgress()) {
      // A signal (SIGINT, SIGTERM) is ending the JVM and the command, cancelled by its hook, has
      // printed its summary. The JVM exits with the signal's status (130, 143) once the hooks have
      // run; System.exit here would race that and could end the process with this status instead.
      new java.util.concurrent.CountDownLatch(1).await();
    }
    System.exit(status);
  }

  /** Whether the JVM has begun to shut down (a signal, or System.exit on another thread). */
  static boolean shutdownInProgress() {
    Thread probe = new Thread(() -> {}, "selection-shutdown-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
  }

  /**
   * Logs go to stderr, never stdout (where {@code --json} promises one JSON object per line):
   * slf4j-simple reads system properties before any {@code simplelogger.properties} on the class
   * path (a dependency ships one that says {@code System.out}). Quiet by default: warnings and
   * errors only, unless the user asks for more. Call before the first logger is created.
   */
  static void quietLogsOnStderr() {
    String file = System.getProperty("org.slf4j.simpleLogger.logFile");
    if (file == null || file.equals("System.out")) {
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"selection " + p.getProperty("version", "unknown")};
    }
  }

  /** Prints a {@code SelectionException} as one line and returns 1; anything else is a bug. */
  static final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
      PrintWriter err = cl.getErr();
      if (e instanceof dev.selection.api.SelectionException se) {
        err.println("error: " + se.code().wireName() + ": " + se.getMessage());
        return 1;
      }
      if (e instanceof IllegalArgumentException) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      err.println("error: internal_error: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }
}
