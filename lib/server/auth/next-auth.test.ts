import { format } from "node:util";
import { getServerSession } from "next-auth";
import { encode } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authOptions } from "./next-auth";

const SECRET = "a test secret of at least thirty-two characters";
const COOKIE = "next-auth.session-token";

/** The session a request with this cookie gets, through next-auth's own code path as a page or route would. */
function sessionFor(cookie: string) {
  const response = { getHeader() {}, setCookie() {}, setHeader() {} };
  return getServerSession({ headers: { host: "localhost:3000" }, cookies: { [COOKIE]: cookie } } as never, response as never, authOptions()) as Promise<{
    claims?: { uid?: string };
  } | null>;
}

describe("a bad session cookie (issue 19 #20)", () => {
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = SECRET;
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["garbled", async () => "not-a-token"],
    ["signed with another secret", async () => encode({ token: { uid: "u1", sv: 0 }, secret: "another secret of at least thirty-two chars" })],
  ])("%s: no session, and one line in the log without a stack trace", async (_case, cookie) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await sessionFor(await cookie())).toBeNull();
    // What console.error writes for each call.
    const lines = logged.mock.calls.flatMap((call) => format(...call).split("\n"));
    expect(lines).toEqual([expect.stringMatching(/^\[auth\] JWT_SESSION_ERROR: .+/)]);
    expect(lines[0]!.length).toBeLessThan(200);
  });

  it("a good cookie still gives its session, and logs nothing", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const session = await sessionFor(await encode({ token: { uid: "u1", sv: 0 }, secret: SECRET }));
    expect(session?.claims?.uid).toBe("u1");
    expect(logged).not.toHaveBeenCalled();
  });
});
