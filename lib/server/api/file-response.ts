import { AppError } from "../errors";
import { mediaStorage } from "../media/store";
import { webStream } from "./web-stream";

/** The byte range a `Range: bytes=…` header asks for, or null for the whole file; 416 when unsatisfiable. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: serving the whole file is allowed (RFC 9110 §14.2).
  if (!match || (!match[1] && !match[2])) return null;
  const [start, end] = match[1]
    ? [Number(match[1]), match[2] ? Math.min(Number(match[2]), size - 1) : size - 1]
    : [Math.max(0, size - Number(match[2])), size - 1];
  if (start >= size || start > end) throw new AppError("range_not_satisfiable", `The file has ${size} bytes; the requested range is outside it.`, { size });
  return { start, end };
}

/**
 * Streams a file of the media store with Range support (seeking in audio), its real type, and caching that fits
 * content-addressed files: they never change, but only signed-in members may see them.
 */
export async function fileResponse(request: Request, key: string, mimeType: string, etag: string, cacheable = true): Promise<Response> {
  const headers = new Headers({
    "Content-Type": mimeType,
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    // Not cacheable: a stand-in for a file still to be made (a rendition), asked again next time.
    "Cache-Control": cacheable ? "private, max-age=31536000, immutable" : "private, no-cache",
    ETag: `"${etag}"`,
    // Never rendered as a document of this origin, whatever the file holds.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  if (request.headers.get("if-none-match") === `"${etag}"`) return new Response(null, { status: 304, headers });
  const { size, range, body } = await (await mediaStorage()).open(key, (fileSize) => parseRange(request.headers.get("range"), fileSize));
  const { start, end } = range ?? { start: 0, end: size - 1 };
  headers.set("Content-Length", String(size === 0 ? 0 : end - start + 1));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  return new Response(body && webStream(body), { status: range ? 206 : 200, headers });
}
