// The browser's way to /api/v1: JSON in and out, errors thrown with the server's message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    /** What the server adds to explain the error, e.g. the newer draft version or when a lease expired. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** What a form shows for an error: the field a 400 names by its path, and the message without the field's name. */
export interface FieldProblem {
  field: string | null;
  message: string;
}

/** A problem found at a path (a 400's `details.path`, or the client's own check with the same schema). */
export function problemAt(path: unknown, message: string): FieldProblem {
  const field = Array.isArray(path) && typeof path[0] === "string" ? path[0] : null;
  const prefix = Array.isArray(path) ? `${path.join(".")}: ` : "";
  return { field, message: field && message.startsWith(prefix) ? message.slice(prefix.length) : message };
}

export function problemOf(error: Error): FieldProblem {
  return error instanceof ApiError ? problemAt(error.details?.path, error.message) : { field: null, message: error.message };
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  return (await apiResponse<T>(path, init)).body;
}

/** As `api`, with the response's status and headers: for answers whose status says something (202: still computing). */
export async function apiResponse<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const { json, headers, ...rest } = init;
  const response = await fetch(`/api/v1${path}`, {
    ...rest,
    headers: { ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (response.status === 204) return { status: 204, headers: response.headers, body: undefined as T };
  const body = (await response.json().catch(() => null)) as { error?: { message: string; code: string; details?: Record<string, unknown> } } | null;
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `The server answered ${response.status}.`, body?.error?.code ?? "internal", body?.error?.details);
  return { status: response.status, headers: response.headers, body: body as T };
}
