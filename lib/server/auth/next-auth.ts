import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../errors";
import { endSessions, verifyCredentials } from "../users";
import { sameOriginPath } from "./redirect";
import { wholeNumberSetting } from "../settings";
import { authSecret } from "./secret";

declare module "next-auth" {
  interface User {
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
  }
}

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The client address for per-IP sign-in limits. lib/cli/serve.ts drops a client's own
 * X-Forwarded-For, so Next.js fills in the socket address; behind N trusted reverse proxies
 * (CONCORD_TRUSTED_PROXIES=N) each proxy appends what it saw, and the client is N entries from the end.
 */
export function clientIp(forwardedFor: string | string[] | undefined, trustedProxies = wholeNumberSetting("CONCORD_TRUSTED_PROXIES")): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header.split(",").map((part) => part.trim()).filter(Boolean);
  return hops[hops.length - Math.max(1, trustedProxies)] ?? hops[0] ?? "unknown";
}

/**
 * next-auth's log, one line for what a client causes: a session cookie that is forged, garbled or signed with
 * an old secret is refused on every request it comes with, and a stack trace each time says nothing new.
 */
const CLIENT_FAULTS = new Set(["JWT_SESSION_ERROR"]);
const authLogger: NextAuthOptions["logger"] = {
  error(code, metadata) {
    const error = metadata instanceof Error ? metadata : metadata.error;
    if (CLIENT_FAULTS.has(code)) console.error(`[auth] ${code}: ${error?.message ?? "refused"}`);
    else console.error(`[auth] ${code}`, error ?? metadata);
  },
  warn(code) {
    console.warn(`[auth] warning ${code}`);
  },
  debug() {},
};

let options: NextAuthOptions | undefined;

/** next-auth configuration, built on first use so that a missing secret is reported then, clearly. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          try {
            const user = await verifyCredentials(
              { email: credentials?.email, password: credentials?.password },
              clientIp(request.headers?.["x-forwarded-for"]),
            );
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (error) {
            // next-auth hands a thrown message to the sign-in form; only safe messages may pass.
            if (error instanceof AppError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    logger: authLogger,
    callbacks: {
      // Only the app's own pages: a target a browser would resolve to another origin goes to the root.
      redirect({ url, baseUrl }) {
        const path = sameOriginPath(url, baseUrl);
        return path ? new URL(path, baseUrl).href : baseUrl;
      },
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, claims: { uid: token.uid, sv: token.sv } };
      },
    },
    events: {
      // Clearing the cookie alone would leave a copy of it valid until it expires.
      async signOut({ token }) {
        if (token?.uid && typeof token.sv === "number") await endSessions(token.uid, token.sv);
      },
    },
  };
  return options;
}
