import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { SignedOutCard } from "@/components/ui/signed-out-card";
import { sameOriginPath } from "@/lib/server/auth/redirect";
import { sessionClaims } from "@/lib/server/auth/session";
import { userForSession } from "@/lib/server/users";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "session-ended": "Your session ended: you signed out (here or in another browser), or your password or administrator rights changed. Please sign in again.",
  "signed-out": "You are signed out.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ reason?: string; callbackUrl?: string }> }) {
  const { reason, callbackUrl } = await searchParams;
  const claims = await sessionClaims();
  if (claims && (await userForSession(claims.uid, claims.sv))) redirect("/projects");
  // Only the app's own pages: an open redirect after sign-in would help phishing. NEXTAUTH_URL (set by npm start)
  // is the app's origin for a full URL; a path is judged the same whatever the origin.
  const next = (callbackUrl && sameOriginPath(callbackUrl, process.env.NEXTAUTH_URL ?? "http://localhost")) || "/projects";
  return (
    <SignedOutCard footer={<p className="mt-6 text-center text-xs text-slate-500">No account? Ask your Concord administrator.</p>}>
      <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-slate-600">Label, review and export data with your team.</p>
      {reason && NOTICES[reason] ? (
        <p role="status" className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700">
          {NOTICES[reason]}
        </p>
      ) : null}
      <SignInForm next={next} />
    </SignedOutCard>
  );
}
