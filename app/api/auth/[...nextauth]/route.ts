import NextAuth from "next-auth";
import { sameOriginOnly } from "@/lib/server/api/handler";
import { authOptions } from "@/lib/server/auth/next-auth";

type NextAuthRoute = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so that the options (and the secret) are read when first needed, not at build time.
const handler: NextAuthRoute = (request, context) => (NextAuth(authOptions()) as NextAuthRoute)(request, context);

export const GET = handler;
export const POST = sameOriginOnly(handler);
