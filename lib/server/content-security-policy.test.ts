import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, imageOrigins } from "./content-security-policy";

/** The policy as directive → sources. */
const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));

describe("the Content-Security-Policy of pages (issue 19 #19)", () => {
  it("runs only scripts with the response's nonce, loads images only from Concord, and allows no framing or plugins", () => {
    expect(directives(contentSecurityPolicy("bm9uY2U="))).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "blob:", "data:"],
      "font-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
  });

  it("allows eval only in development, where React's error overlay needs it", () => {
    expect(directives(contentSecurityPolicy("n", { dev: true }))["script-src"]).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
  });

  it("adds the origins of CONCORD_IMAGE_ORIGINS to img-src, and nothing else", () => {
    const images = imageOrigins({ CONCORD_IMAGE_ORIGINS: " https://wiki.example.com, http://Pictures.example.org:8080/ " });
    expect(images).toEqual(["https://wiki.example.com", "http://pictures.example.org:8080"]);
    const policy = directives(contentSecurityPolicy("n", { images }));
    expect(policy["img-src"]).toEqual(["'self'", "blob:", "data:", "https://wiki.example.com", "http://pictures.example.org:8080"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
    expect(imageOrigins({})).toEqual([]);
  });

  it.each(["https://wiki.example.com/images", "wiki.example.com", "https://wiki.example.com;script-src", "javascript:alert(1)", "*", "https://user@wiki.example.com"])(
    "refuses %j in CONCORD_IMAGE_ORIGINS with a message",
    (entry) => {
      expect(() => imageOrigins({ CONCORD_IMAGE_ORIGINS: entry })).toThrow(`CONCORD_IMAGE_ORIGINS: "${entry}" is not an origin such as https://wiki.example.com`);
    },
  );
});
