// Checks on a request before a route handler trusts it: where a cookie-authenticated request that changes
// data came from, and that a JSON body says it is JSON.
import { AppError } from "../errors";

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

/**
 * Reads a JSON body: 415 unless it says it is JSON (a page of another site cannot send that without asking
 * first), 400 when it is not JSON.
 */
export async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("unsupported_media_type", `Send the body as JSON, with Content-Type: application/json${type ? ` (not ${type})` : ""}.`);
  }
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}
