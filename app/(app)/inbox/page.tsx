import type { Metadata } from "next";
import { InboxList } from "@/components/discussions/inbox-list";
import { requirePageCaller } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  await requirePageCaller();
  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Inbox</h1>
        <p className="mt-1 text-sm text-slate-600">Where you were mentioned, replies in discussions you joined, and reviewers&apos; questions about items you labeled.</p>
      </div>
      <InboxList />
    </div>
  );
}
