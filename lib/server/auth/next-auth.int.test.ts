import NextAuth from "next-auth";
import { beforeAll, expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { createUser } from "../users";
import { resolveCaller, type SessionClaims } from "./caller";
import { authOptions } from "./next-auth";

/**
 * A browser talking to next-auth's own request handling with Concord's options, as /api/auth/* does (through the
 * handler's Node request and response form): each call sends the cookies it holds and keeps the ones it is given.
 */
function browser() {
  const jar: Record<string, string> = {};
  const call = async (method: "GET" | "POST", route: string[], body?: Record<string, string>): Promise<unknown> => {
    const headers = new Map<string, string[]>();
    let sent: unknown;
    const response = {
      status: () => response,
      setHeader: (name: string, value: string | string[]) => (headers.set(name.toLowerCase(), [value].flat()), response),
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      send: (value: unknown) => void (sent = value),
      json: (value: unknown) => void (sent = value),
      end: () => undefined,
    };
    const request = { method, query: { nextauth: route }, body, cookies: { ...jar }, headers: { host: "localhost:3000" } };
    await NextAuth(request as never, response as never, authOptions());
    for (const header of headers.get("set-cookie") ?? []) {
      const pair = header.slice(0, header.indexOf(";"));
      const name = pair.slice(0, pair.indexOf("="));
      const value = decodeURIComponent(pair.slice(name.length + 1));
      if (!value || /;\s*max-age=0/i.test(header)) delete jar[name];
      else jar[name] = value;
    }
    return sent;
  };
  const csrfToken = async () => ((await call("GET", ["csrf"])) as { csrfToken: string }).csrfToken;
  return {
    jar,
    async signIn(email: string, password: string) {
      await call("POST", ["callback", "credentials"], { email, password, csrfToken: await csrfToken(), json: "true" });
    },
    async signOut() {
      await call("POST", ["signout"], { csrfToken: await csrfToken(), json: "true" });
    },
    /** The claims the app reads from the session cookie (lib/server/auth/session.ts). */
    async claims(): Promise<SessionClaims | null> {
      return ((await call("GET", ["session"])) as { claims?: SessionClaims } | undefined)?.claims ?? null;
    },
  };
}

const SESSION_COOKIE = "next-auth.session-token";

describeEachDatabase("sign-out", () => {
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET ??= "a test secret that is long enough to sign sessions";
    process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  });

  it("ends the session: a copy of the cookie taken before signing out no longer works (issue 19 #15)", async () => {
    const user = await createUser({ email: "copied@example.com", password: "copied password" });
    const owner = browser();
    await owner.signIn("copied@example.com", "copied password");
    const copied = owner.jar[SESSION_COOKIE];
    expect(copied).toBeTruthy();
    const claims = await owner.claims();
    expect((await resolveCaller(null, claims)).user.id).toBe(user.id);

    await owner.signOut();
    expect(owner.jar[SESSION_COOKIE]).toBeUndefined();

    // Someone who copied the cookie still holds a validly signed token: the server must refuse it.
    const thief = browser();
    thief.jar[SESSION_COOKIE] = copied!;
    const stolen = await thief.claims();
    expect(stolen).toEqual(claims);
    const refused = await failure(resolveCaller(null, stolen));
    expect(refused.status).toBe(401);

    // Signing in again gives a session that works.
    await owner.signIn("copied@example.com", "copied password");
    expect((await resolveCaller(null, await owner.claims())).user.id).toBe(user.id);
  });
});
