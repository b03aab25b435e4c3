package dev.selection.cli;

import dev.selection.api.ErrorCode;

/**
 * A JSON-RPC error: the protocol's numeric code, a message for people and, for the SDK's faults,
 * the SDK's {@link ErrorCode} (sent as {@code data.errorCode}).
 */
final class RpcError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Invalid JSON: the line could not be parsed (or was too long). */
  static final int PARSE_ERROR = -32700;

  /** The JSON is not a valid request object. */
  static final int INVALID_REQUEST = -32600;

  /** No such method. */
  static final int METHOD_NOT_FOUND = -32601;

  /** Missing, unknown or ill-typed parameters. */
  static final int INVALID_PARAMS = -32602;

  /** A bug or an unexpected fault of the server. */
  static final int INTERNAL = -32603;

  /** A fault of the SDK: {@code data.errorCode} tells which. */
  static final int SDK_ERROR = -32000;

  /** The server has too many requests in flight; retry later. */
  static final int SERVER_BUSY = -32001;

  /** The request was cancelled ({@code $/cancelRequest}) before it produced a result. */
  static final int REQUEST_CANCELLED = -32800;

  final int code;
  final ErrorCode errorCode;

  RpcError(int code, String message) {
    this(code, message, null);
  }

  RpcError(int code, String message, ErrorCode errorCode) {
    super(message, null, false, false);
    this.code = code;
    this.errorCode = errorCode;
  }

  static RpcError params(String message) {
    return new RpcError(INVALID_PARAMS, message);
  }
}
