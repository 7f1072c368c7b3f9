/**
 * Where to send a browser after sign-in: `target` as a path on `origin` if a browser would resolve it to
 * `origin`, else null. Parsed as a browser parses it, because prefix checks miss what the URL parser
 * does: `/\host` and `/<tab>/host` both resolve to `//host`, another site.
 */
export function sameOriginPath(target: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return null;
  }
  // A path that begins with two slashes would be read as another host when used as a link ("/.//host").
  if (url.origin !== new URL(origin).origin || url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
