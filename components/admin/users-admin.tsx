"use client";
// The administrator's users: create an account and get its invitation link, or a new link (reset) for an account.
// A link is shown once, with a copy button; the administrator passes it on (no email is sent).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/client/api";

export interface AdminUserRow {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  hasPassword: boolean;
  disabled: boolean;
  projectCount: number;
  since: string;
}

interface PasswordLink {
  path: string;
  purpose: "invite" | "reset";
  expiresAt: string;
}

interface ShownLink {
  email: string;
  url: string;
  purpose: PasswordLink["purpose"];
  expiresAt: string;
}

const show = (email: string, link: PasswordLink): ShownLink => ({ email, url: new URL(link.path, window.location.origin).toString(), purpose: link.purpose, expiresAt: link.expiresAt });

export function UsersAdmin({ users, currentUserId }: { users: AdminUserRow[]; currentUserId: string }) {
  const router = useRouter();
  const [shown, setShown] = useState<ShownLink | null>(null);
  const create = useMutation({
    mutationFn: (body: { email: string; name?: string; isAdmin: boolean }) => api<{ user: { email: string }; link: PasswordLink }>("/users", { method: "POST", json: body }),
    onSuccess: ({ user, link }) => {
      setShown(show(user.email, link));
      router.refresh();
    },
  });
  const setDisabled = useMutation({
    mutationFn: ({ user, disabled }: { user: AdminUserRow; disabled: boolean }) => api(`/users/${user.id}`, { method: "PATCH", json: { disabled } }),
    onSuccess: (_, { user, disabled }) => {
      // A disabled account's links stop working: the one on show would mislead.
      if (disabled) setShown((current) => (current?.email === user.email ? null : current));
      router.refresh();
    },
  });
  // Disabling ends the person's sessions at once: it is confirmed first.
  const toggle = (user: AdminUserRow) => {
    if (!user.disabled && !window.confirm(`Disable ${user.email}? They are signed out at once and cannot sign in until enabled again.`)) return;
    setDisabled.mutate({ user, disabled: !user.disabled });
  };
  const newLink = useMutation({
    mutationFn: (user: AdminUserRow) => api<PasswordLink>(`/users/${user.id}/password-link`, { method: "POST" }),
    onSuccess: (link, user) => setShown(show(user.email, link)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name")).trim();
    create.mutate({ email: String(data.get("email")), ...(name ? { name } : {}), isAdmin: data.get("isAdmin") === "on" }, { onSuccess: () => form.reset() });
  }

  return (
    <div className="space-y-6">
      <Card title="Add a user">
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
          <TextField label="Email" name="email" type="email" required autoComplete="off" />
          <TextField label="Name" name="name" maxLength={120} autoComplete="off" placeholder="optional" />
          <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
            <input type="checkbox" name="isAdmin" className="h-4 w-4 rounded border-slate-300" />
            Administrator
          </label>
          <Button type="submit" disabled={create.isPending}>
            Create and get link
          </Button>
        </form>
        {create.error ? (
          <div className="mt-3">
            <Alert tone="error">{create.error.message}</Alert>
          </div>
        ) : null}
        <p className="mt-3 text-xs text-slate-600">
          The account has no password until its owner opens the link and sets one. Pending project invitations to the email are taken up at once.
        </p>
      </Card>
      {shown ? <LinkShownOnce link={shown} /> : null}
      {newLink.error ? <Alert tone="error">No link was made: {newLink.error.message}</Alert> : null}
      {setDisabled.error ? <Alert tone="error">Not changed: {setDisabled.error.message}</Alert> : null}
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">Name</th>
              <th scope="col" className="px-4 py-3 font-medium">Email</th>
              <th scope="col" className="px-4 py-3 font-medium">Password</th>
              <th scope="col" className="px-4 py-3 font-medium">Projects</th>
              <th scope="col" className="px-4 py-3 font-medium">Since</th>
              <th scope="col" className="px-4 py-3 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((row) => (
              <tr key={row.id}>
                <td className="px-4 py-3 font-medium text-slate-900">
                  {row.name}
                  {row.isAdmin ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Admin</span> : null}
                  {row.disabled ? <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-800">Disabled</span> : null}
                </td>
                <td className="px-4 py-3 text-slate-600">{row.email}</td>
                <td className="px-4 py-3 text-slate-600">{row.hasPassword ? "Set" : "Not set yet"}</td>
                <td className="px-4 py-3 text-slate-600">{row.projectCount}</td>
                <td className="px-4 py-3 text-slate-600">{row.since}</td>
                <td className="space-x-2 whitespace-nowrap px-4 py-3 text-right">
                  {row.disabled ? null : (
                    <Button variant="secondary" aria-label={`New password link for ${row.email}`} disabled={newLink.isPending} onClick={() => newLink.mutate(row)}>
                      {row.hasPassword ? "Reset link" : "New invitation link"}
                    </Button>
                  )}
                  {row.id === currentUserId ? null : (
                    <Button variant="ghost" aria-label={`${row.disabled ? "Enable" : "Disable"} ${row.email}`} disabled={setDisabled.isPending} onClick={() => toggle(row)}>
                      {row.disabled ? "Enable" : "Disable"}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The link, this once: its secret is not stored, so leaving the page loses it (a new link can be made). */
function LinkShownOnce({ link }: { link: ShownLink }) {
  const fieldId = useId();
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }
  const expires = new Date(link.expiresAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby={`${fieldId}-title`} className="rounded-lg border border-brand-200 bg-brand-50 p-4">
      <h2 id={`${fieldId}-title`} className="text-sm font-semibold text-slate-900">
        {link.purpose === "invite" ? "Invitation" : "Password reset"} link for {link.email}
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Shown this once: copy it and pass it on. It works once, until {expires}; a newer link replaces it.
        {link.purpose === "reset" ? " The current password keeps working until the link is used." : ""}
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor={fieldId} className="sr-only">
          Password link for {link.email}
        </label>
        <input id={fieldId} readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs" />
        <Button variant="secondary" onClick={copy}>
          Copy link
        </Button>
      </div>
      <p role="status" className="mt-2 text-xs text-slate-700">
        {copied === "copied" ? "Copied to the clipboard." : copied === "failed" ? "The browser did not allow copying: select the link and copy it." : ""}
      </p>
    </section>
  );
}
