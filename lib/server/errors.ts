/** The few ways a request can fail that a caller may be told about, with their HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  rate_limited: 429,
  // nginx's "client closed request": nobody reads the answer; it keeps a client that went away out of the error log.
  client_closed: 499,
  // PostgreSQL stopped a statement that ran past DATABASE_STATEMENT_TIMEOUT_SECONDS.
  timeout: 503,
  // The database connection was lost or refused, or the media store refused or did not answer: worth another try.
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error whose message is safe to show to the caller. Anything else is reported as an internal error. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Prisma's code for a unique constraint that refused a write. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
