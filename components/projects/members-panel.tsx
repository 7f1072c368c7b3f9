"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { PasteMembersForm } from "./paste-members-form";
import { roleLabel, RoleOptions, roleSelectClass, type Role } from "./roles";

interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}
interface Invitation {
  id: string;
  email: string;
  role: Role;
}
interface MemberAdded {
  status: "invited" | "added" | "updated";
  email: string;
  role: Role;
}


export function MembersPanel({ projectId, canManage, currentUserId }: { projectId: string; canManage: boolean; currentUserId: string }) {
  const queryClient = useQueryClient();
  const key = ["projects", projectId, "members"];
  const invitationsKey = ["projects", projectId, "invitations"];
  const members = useQuery({ queryKey: key, queryFn: () => api<{ members: Member[] }>(`/projects/${projectId}/members`) });
  const invitations = useQuery({ queryKey: invitationsKey, queryFn: () => api<{ invitations: Invitation[] }>(`/projects/${projectId}/invitations`), enabled: canManage });
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const onSettled = () => Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: invitationsKey })]);
  const report = (error: string | null, success: string | null) => {
    setProblem(error);
    setNotice(success);
  };
  const onError = (error: Error) => report(error.message, null);
  const onSuccess = () => report(null, null);
  const add = useMutation({
    mutationFn: (body: { email: string; role: Role }) => api<MemberAdded>(`/projects/${projectId}/members`, { method: "POST", json: body }),
    onSettled,
    onError,
    // The same words whether or not the email has an account: the server does not say, by design (an administrator's
    // addition of an account, "added", is a member at once).
    onSuccess: (added) =>
      report(
        null,
        added.status === "invited"
          ? `Invited ${added.email} as ${roleLabel(added.role)}. They join when they accept the invitation, or when an account is made for this email.`
          : `${added.email} is now ${roleLabel(added.role)}.`,
      ),
  });
  const change = useMutation({ mutationFn: ({ userId, role }: { userId: string; role: Role }) => api(`/projects/${projectId}/members/${userId}`, { method: "PATCH", json: { role } }), onSettled, onError, onSuccess });
  const remove = useMutation({ mutationFn: (userId: string) => api(`/projects/${projectId}/members/${userId}`, { method: "DELETE" }), onSettled, onError, onSuccess });
  const withdraw = useMutation({ mutationFn: (invitationId: string) => api(`/projects/${projectId}/invitations/${invitationId}`, { method: "DELETE" }), onSettled, onError, onSuccess });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ email: String(form.get("email")), role: form.get("role") as Role });
    event.currentTarget.reset();
  }

  return (
    <Card title="Members">
      <ul className="divide-y divide-slate-100">
        {(members.data?.members ?? []).map((member) => (
          <li key={member.userId} className="space-y-1.5 py-2.5 text-sm">
            <div className="min-w-0">
              <p className="truncate font-medium text-slate-900">{member.name}</p>
              <p className="truncate text-xs text-slate-500">{member.email}</p>
            </div>
            {canManage ? (
              <div className="flex items-center gap-2">
                <select
                  aria-label={`Role of ${member.email}`}
                  value={member.role}
                  onChange={(event) => change.mutate({ userId: member.userId, role: event.target.value as Role })}
                  className={roleSelectClass}
                >
                  <RoleOptions />
                </select>
                {member.userId !== currentUserId ? (
                  <Button variant="ghost" aria-label={`Remove ${member.email}`} onClick={() => remove.mutate(member.userId)}>
                    Remove
                  </Button>
                ) : null}
              </div>
            ) : (
              <span className="text-xs font-medium text-slate-600">{roleLabel(member.role)}</span>
            )}
          </li>
        ))}
      </ul>
      {canManage && invitations.data?.invitations.length ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-medium text-slate-700">Invited, waiting for an answer</h3>
          <ul aria-label="Invitations" className="mt-1 divide-y divide-slate-100">
            {invitations.data.invitations.map((invitation) => (
              <li key={invitation.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <div className="min-w-0">
                  <p className="truncate text-slate-900">{invitation.email}</p>
                  <p className="text-xs text-slate-500">{roleLabel(invitation.role)}</p>
                </div>
                <Button variant="ghost" aria-label={`Withdraw the invitation of ${invitation.email}`} onClick={() => withdraw.mutate(invitation.id)}>
                  Withdraw
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canManage ? (
        <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-4">
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Add by email</span>
            <input name="email" type="email" required placeholder="name@example.com" className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <div className="flex items-center gap-2">
          <select name="role" aria-label="Role for the new member" defaultValue="labeler" className={roleSelectClass}>
            <RoleOptions />
          </select>
          <Button type="submit" variant="secondary" disabled={add.isPending}>
            Add
          </Button>
          </div>
        </form>
      ) : null}
      {canManage ? <PasteMembersForm projectId={projectId} onAdded={onSettled} /> : null}
      {problem ? (
        <div className="mt-3">
          <Alert tone="error">{problem}</Alert>
        </div>
      ) : null}
      {notice ? (
        <div className="mt-3">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
    </Card>
  );
}
