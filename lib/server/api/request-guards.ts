// Checks on a request before a route handler trusts it: where a cookie-authenticated request that changes
// data came from, and what a JSON body is and how large.
import { AppError } from "../errors";
import { wholeNumberSetting } from "../settings";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a request that would change data with the session cookie unless one of Concord's own pages sent
 * it. Cookies do not tell sites on other ports of the same host apart (SameSite is about sites, not origins),
 * so the browser's word on the request's origin decides: Sec-Fetch-Site, sent by every current browser, else
 * Origin, sent by older ones with every cross-origin request that is not a GET. A request with neither comes
 * from a program, not from a page of another site. `ownOrigin`: the app's public URL (NEXTAUTH_URL), for
 * when a reverse proxy passes on another Host.
 */
export function requireSameOrigin(request: Request, ownOrigin = process.env.NEXTAUTH_URL): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const sameOrigin = site !== null ? site === "same-origin" : origin === null || ownHosts(request, ownOrigin).has(hostOf(origin) ?? "");
  if (sameOrigin) return;
  throw new AppError(
    "forbidden",
    `Requests that change data with a signed-in session must come from Concord's own pages; this one came from ${origin ?? `elsewhere (Sec-Fetch-Site: ${site})`}. Programs send an API token instead.`,
  );
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null": a sandboxed frame, a data: URL
  }
}

function ownHosts(request: Request, ownOrigin: string | undefined): Set<string> {
  return new Set([request.headers.get("host"), ownOrigin ? hostOf(ownOrigin) : null].filter((host): host is string => !!host));
}

/** The largest JSON body a route reads: 5 MB unless CONCORD_MAX_JSON_BYTES says otherwise (imports have their own limit). */
export const maxJsonBytes = (env: Record<string, string | undefined> = process.env) => wholeNumberSetting("CONCORD_MAX_JSON_BYTES", env);

/**
 * Reads a JSON body: 415 unless it says it is JSON (a page of another site cannot send that without asking
 * first), 413 as soon as it is known to pass `limit` bytes: from Content-Length before a byte is read, else
 * while it streams in, so an endless body costs no more than the limit.
 */
export async function jsonBody(request: Request, limit = maxJsonBytes()): Promise<unknown> {
  const type = contentType(request);
  if (type !== "application/json") {
    throw new AppError("unsupported_media_type", `Send the body as JSON, with Content-Type: application/json${type ? ` (not ${type})` : ""}.`);
  }
  const text = await boundedText(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}

/** JSON Lines (one JSON value a line) sent as application/x-ndjson or application/jsonl. */
export const JSON_LINES_TYPES = ["application/x-ndjson", "application/jsonl"];

export const contentType = (request: Request) => request.headers.get("content-type")?.split(";")[0]!.trim().toLowerCase();

/** A JSON Lines body as its values, within the JSON limit; a line that is not JSON is a 400 naming its number. */
export async function jsonLinesBody(request: Request, limit = maxJsonBytes()): Promise<unknown[]> {
  const lines = (await boundedText(request, limit)).split(/\r?\n/);
  return lines.flatMap((line, index) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line)];
    } catch {
      throw new AppError("bad_request", `Line ${index + 1} of the body is not JSON.`, { line: index + 1 });
    }
  });
}

/** The body as text, refused with 413 once it passes `limit` bytes (before more of it is read). */
async function boundedText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than the limit of ${limit} bytes for JSON (CONCORD_MAX_JSON_BYTES).`, { limitBytes: limit });
  if (Number(request.headers.get("content-length")) > limit) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(read.value);
    }
  }
  return Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
}
