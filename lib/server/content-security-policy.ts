// The Content-Security-Policy of Concord's pages (proxy.ts sends it with each page, with a fresh nonce).

/**
 * CONCORD_IMAGE_ORIGINS: origins besides Concord's own that pages may load images from (guidelines can show
 * pictures from a team wiki, say), separated by spaces or commas. Each must be an origin, scheme and host.
 */
export function imageOrigins(env: Record<string, string | undefined> = process.env): string[] {
  return (env.CONCORD_IMAGE_ORIGINS ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const origin = parsedOrigin(entry);
      if (!origin) throw new Error(`CONCORD_IMAGE_ORIGINS: "${entry}" is not an origin such as https://wiki.example.com`);
      return origin;
    });
}

function parsedOrigin(entry: string): string | null {
  try {
    const { origin } = new URL(entry);
    // Nothing but scheme, host name and port: the URL parser lets through characters (";") that would end the
    // directive in a policy, and a path, user or query would not mean what it says there.
    return /^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin) && origin === entry.replace(/\/$/, "").toLowerCase() ? origin : null;
  } catch {
    return null;
  }
}

/**
 * Scripts only with this response's nonce (and what they load: 'strict-dynamic'), so an injected script does
 * not run; images only from Concord itself and the allowed origins, so markdown cannot make readers' browsers
 * call out; no framing, no plugins, no foreign form targets. Styles may be inline: React renders style
 * attributes and the canvas and waveform libraries inject style elements, and a style cannot call out
 * past img-src and font-src.
 */
export function contentSecurityPolicy(nonce: string, { dev = false, images = [] as string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' blob: data:", ...images].join(" "),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
