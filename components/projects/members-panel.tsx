"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";

type Role = "manager" | "reviewer" | "labeler";
interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

const ROLES: { value: Role; label: string }[] = [
  { value: "labeler", label: "Labeler" },
  { value: "reviewer", label: "Reviewer (SME)" },
  { value: "manager", label: "Manager" },
];
const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export function MembersPanel({ projectId, canManage, currentUserId }: { projectId: string; canManage: boolean; currentUserId: string }) {
  const queryClient = useQueryClient();
  const key = ["projects", projectId, "members"];
  const members = useQuery({ queryKey: key, queryFn: () => api<{ members: Member[] }>(`/projects/${projectId}/members`) });
  const [problem, setProblem] = useState<string | null>(null);
  const onSettled = () => queryClient.invalidateQueries({ queryKey: key });
  const onError = (error: Error) => setProblem(error.message);
  const onSuccess = () => setProblem(null);
  const add = useMutation({ mutationFn: (body: { email: string; role: Role }) => api(`/projects/${projectId}/members`, { method: "POST", json: body }), onSettled, onError, onSuccess });
  const change = useMutation({ mutationFn: ({ userId, role }: { userId: string; role: Role }) => api(`/projects/${projectId}/members/${userId}`, { method: "PATCH", json: { role } }), onSettled, onError, onSuccess });
  const remove = useMutation({ mutationFn: (userId: string) => api(`/projects/${projectId}/members/${userId}`, { method: "DELETE" }), onSettled, onError, onSuccess });

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
                  className={selectClass}
                >
                  {ROLES.map((role) => (
                    <option key={role.value} value={role.value}>
                      {role.label}
                    </option>
                  ))}
                </select>
                {member.userId !== currentUserId ? (
                  <Button variant="ghost" aria-label={`Remove ${member.email}`} onClick={() => remove.mutate(member.userId)}>
                    Remove
                  </Button>
                ) : null}
              </div>
            ) : (
              <span className="text-xs font-medium text-slate-600">{ROLES.find((role) => role.value === member.role)?.label}</span>
            )}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-4">
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Add by email</span>
            <input name="email" type="email" required placeholder="name@example.com" className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
          </label>
          <div className="flex items-center gap-2">
          <select name="role" aria-label="Role for the new member" defaultValue="labeler" className={selectClass}>
            {ROLES.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
          <Button type="submit" variant="secondary" disabled={add.isPending}>
            Add
          </Button>
          </div>
        </form>
      ) : null}
      {problem ? (
        <div className="mt-3">
          <Alert tone="error">{problem}</Alert>
        </div>
      ) : null}
    </Card>
  );
}
