import type { Metadata } from "next";
import Link from "next/link";
import { SetPasswordForm } from "@/components/set-password-form";
import { SignedOutCard } from "@/components/ui/signed-out-card";
import { AppError } from "@/lib/server/errors";
import { checkPasswordLink, type PasswordLinkView } from "@/lib/server/password-links";

// The link's secret is in this page's address: no other site may learn it from a Referer header.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  let link: PasswordLinkView | null = null;
  let refusal = "This page needs the link your administrator gave you.";
  if (token) {
    try {
      link = await checkPasswordLink(token);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal = error.message;
    }
  }
  return (
    <SignedOutCard>
      <h1 className="mb-1 text-lg font-semibold">{link?.purpose === "reset" ? "Choose a new password" : "Set your password"}</h1>
      {link && token ? (
        <>
          <p className="mb-5 text-sm text-slate-600">
            {link.purpose === "invite" ? `Welcome, ${link.name}. ` : ""}Choose the password for <strong className="text-slate-900">{link.email}</strong>.
          </p>
          <SetPasswordForm token={token} email={link.email} />
        </>
      ) : (
        <>
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {refusal}
          </p>
          <p className="mt-4 text-sm">
            <Link href="/signin" className="font-medium text-brand-700 underline">
              Go to sign-in
            </Link>
          </p>
        </>
      )}
    </SignedOutCard>
  );
}
