import { describe, expect, it } from "vitest";
import { authOptions } from "./next-auth";
import { sameOriginPath } from "./redirect";

const ORIGIN = "http://localhost:3000";

// What reaches the sign-in page and next-auth once the query string is decoded, and the raw forms too.
const FOREIGN = [
  "/\\127.0.0.1:9911/x", // callbackUrl=/%5C127.0.0.1:9911/x
  "/\t/127.0.0.1:9911/x", // callbackUrl=/%09/127.0.0.1:9911/x
  "/\\\\127.0.0.1:9911", // callbackUrl=/%5C%5C127.0.0.1:9911
  "\\/127.0.0.1:9911",
  " /\\127.0.0.1:9911",
  "//127.0.0.1:9911/x",
  "/.//127.0.0.1:9911/x",
  "/..//127.0.0.1:9911/x",
  "http://127.0.0.1:9911/x",
  "http://localhost:3001/x",
  "https://localhost:3000/x",
  "javascript:alert(1)",
];
const OWN: [string, string][] = [
  ["/projects", "/projects"],
  ["/projects/abc/label?ahead=1#task", "/projects/abc/label?ahead=1#task"],
  ["/%5C127.0.0.1:9911/x", "/%5C127.0.0.1:9911/x"],
  ["/%09/host", "/%09/host"],
  [`${ORIGIN}/projects/abc`, "/projects/abc"],
  ["projects", "/projects"],
];

describe("after sign-in the browser stays on Concord (issue 19 #5)", () => {
  it.each(FOREIGN)("refuses %j, which a browser resolves to another origin", (target) => {
    expect(sameOriginPath(target, ORIGIN)).toBeNull();
  });

  it.each(OWN)("keeps %j as the path %j", (target, path) => {
    expect(sameOriginPath(target, ORIGIN)).toBe(path);
    // The path, used as a link on any page of the app, stays on the app.
    expect(new URL(path, "http://concord.example:8080/projects/p/label").origin).toBe("http://concord.example:8080");
  });

  it("next-auth's redirect callback sends every foreign target to the app's root, and keeps the app's own paths", async () => {
    process.env.NEXTAUTH_SECRET ??= "a test secret of at least thirty-two characters";
    const redirect = authOptions().callbacks!.redirect!;
    for (const url of FOREIGN) expect(await redirect({ url, baseUrl: ORIGIN })).toBe(ORIGIN);
    for (const [url, path] of OWN) expect(await redirect({ url, baseUrl: ORIGIN })).toBe(`${ORIGIN}${path}`);
  });
});
