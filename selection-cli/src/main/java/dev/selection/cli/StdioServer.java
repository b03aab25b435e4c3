package dev.selection.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over a pair of streams, one JSON object per line (UTF-8, {@code \n} or {@code \r\n}).
 * Every byte written to the output is a protocol message: logs go to stderr.
 *
 * <p>A line longer than {@code maxLineBytes} is skipped without being held in memory and answered
 * with a parse error. At end of input (the host closed the pipe or exited) every running request is
 * cancelled and awaited, so finished extraction batches are stored and nothing is half-written.
 */
final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  /** The default longest line: 16 MiB, room for about 100,000 paths. */
  static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final LineWriter out;
  private final int maxLineBytes;

  /** Writes whole messages, one per line, from any thread. */
  static final class LineWriter {
    private final OutputStream out;
    private final AtomicBoolean broken = new AtomicBoolean();

    LineWriter(OutputStream out) {
      this.out = out;
    }

    void write(ObjectNode message) {
      if (broken.get()) {
        return;
      }
      byte[] bytes;
      try {
        bytes = Json.mapper().writeValueAsBytes(message);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      synchronized (this) {
        try {
          out.write(bytes);
          out.write('\n');
          out.flush();
        } catch (IOException e) {
          if (broken.compareAndSet(false, true)) {
            LOG.warn("The host stopped reading: {}", e.toString());
          }
        }
      }
    }
  }

  StdioServer(InputStream in, LineWriter out, int maxLineBytes) {
    this.in = in;
    this.out = out;
    this.maxLineBytes = maxLineBytes;
  }

  /** Serves until end of input, then cancels and awaits the running requests. */
  void run(RpcService service) throws IOException {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean tooLong = false;
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            continue;
          }
          if (!tooLong) {
            line.write(buf, start, i - start);
          }
          dispatch(service, line, tooLong);
          line.reset();
          tooLong = false;
          start = i + 1;
        }
        if (!tooLong) {
          line.write(buf, start, n - start);
          if (line.size() > maxLineBytes) {
            tooLong = true;
            line.reset();
          }
        }
      }
      if (line.size() > 0 || tooLong) {
        dispatch(service, line, tooLong);
      }
      LOG.info("End of input: stopping");
    } finally {
      service.cancelAll(60);
    }
  }

  private void dispatch(RpcService service, ByteArrayOutputStream line, boolean tooLong) {
    if (tooLong) {
      out.write(RpcService.lineTooLong(maxLineBytes));
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return;
    }
    service.handle(text, out::write);
  }
}
