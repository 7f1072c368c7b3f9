// Runs before each page (not the API, not static files): a fresh nonce and the Content-Security-Policy that
// allows only scripts carrying it. Next.js reads the policy from the request to put the nonce on its own
// scripts, and the browser reads it from the response. Authorization is not checked here: pages and route
// handlers check it on the server themselves.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, imageOrigins } from "@/lib/server/content-security-policy";

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", images: imageOrigins() });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: the API checks its own callers, and the static files (public/, the icon) carry no scripts.
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico|robots.txt|manifest.webmanifest|apple-touch-icon.png|icon-192.png|icon-512.png).*)",
      // Prefetches fetch data for a later navigation, not a page the browser runs.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
