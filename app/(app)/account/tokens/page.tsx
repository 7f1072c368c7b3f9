import type { Metadata } from "next";
import { TokensPanel } from "@/components/account/tokens-panel";
import { requirePageCaller } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  await requirePageCaller();
  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600">Personal tokens for the REST API and scripts; each acts with your permissions until you revoke it.</p>
      </div>
      <TokensPanel />
    </div>
  );
}
