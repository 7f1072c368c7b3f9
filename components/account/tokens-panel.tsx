"use client";
// Personal API tokens: create one with a name (its secret is shown once), see when each was last used,
// revoke the ones no longer needed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";

interface Token {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }) : "never");

export function TokensPanel() {
  const queryClient = useQueryClient();
  const key = ["tokens"];
  const tokens = useQuery({ queryKey: key, queryFn: () => api<{ tokens: Token[] }>("/tokens") });
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: (name: string) => api<{ token: string; summary: Token }>("/tokens", { method: "POST", json: { name } }),
    onSuccess: async (created) => {
      setSecret({ name: created.summary.name, token: created.token });
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  // Revoking breaks whatever script uses the token at once, and cannot be undone: it is confirmed first.
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/tokens/${id}`, { method: "DELETE" }),
    onSuccess: async () => {
      setConfirming(null);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });

  return (
    <div className="space-y-6">
      <Card title="New token">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            create.mutate(String(new FormData(form).get("name")), { onSuccess: () => form.reset() });
          }}
        >
          <label className="block flex-1 text-sm">
            <span className="font-medium text-slate-700">Name</span>
            <input name="name" required maxLength={80} placeholder="e.g. nightly export script" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
          </label>
          <Button type="submit" disabled={create.isPending}>
            Create token
          </Button>
        </form>
        {create.error ? (
          <div className="mt-3">
            <Alert tone="error">{create.error.message}</Alert>
          </div>
        ) : null}
        {secret ? (
          <div className="mt-4 space-y-2" role="status">
            <p className="text-sm text-slate-700">
              The token <strong>{secret.name}</strong>, shown this once. Send it as <code>Authorization: Bearer …</code>.
            </p>
            <input readOnly value={secret.token} aria-label="New token" onFocus={(event) => event.currentTarget.select()} className="block w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs" />
          </div>
        ) : null}
      </Card>
      <Card title="Your tokens">
        {tokens.error ? <Alert tone="error">{tokens.error.message}</Alert> : null}
        {revoke.error ? (
          <div className="mb-3">
            <Alert tone="error">The token was not revoked: {revoke.error.message}</Alert>
          </div>
        ) : null}
        {tokens.data?.tokens.length ? (
          <table className="w-full text-sm" aria-label="Your tokens">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1">Name</th>
                <th>Starts with</th>
                <th>Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((token) => (
                <tr key={token.id} className="border-t border-slate-100">
                  <td className="py-1.5">{token.name}</td>
                  <td className="font-mono text-xs">{token.prefix}…</td>
                  <td className="text-xs text-slate-600">{when(token.createdAt)}</td>
                  <td className="text-xs text-slate-600">{when(token.lastUsedAt)}</td>
                  <td className="text-right">
                    {token.revokedAt ? (
                      <span className="text-xs text-slate-500">revoked {when(token.revokedAt)}</span>
                    ) : confirming === token.id ? (
                      <span className="inline-flex items-center gap-2">
                        <span className="text-xs text-slate-600">Scripts using it stop working.</span>
                        <Button variant="secondary" onClick={() => setConfirming(null)}>
                          Cancel
                        </Button>
                        <Button className="bg-red-600 hover:bg-red-700" onClick={() => revoke.mutate(token.id)} aria-label={`Confirm revoking ${token.name}`} disabled={revoke.isPending}>
                          Revoke
                        </Button>
                      </span>
                    ) : (
                      <Button variant="secondary" onClick={() => setConfirming(token.id)} aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">No tokens yet. Scripts and the command line use them to call the API as you.</p>
        )}
      </Card>
    </div>
  );
}
