import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { UsersAdmin } from "@/components/admin/users-admin";
import { requirePageCaller } from "@/lib/server/auth/session";
import { listUsers } from "@/lib/server/users";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { user } = await requirePageCaller();
  if (!user.isAdmin) forbidden();
  const users = await listUsers();
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        Create an account and pass its link on: its owner sets a password there. The command line works too:{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5">npm run -s concord -- user add --email E --password P</code>.
      </p>
      <UsersAdmin
        currentUserId={user.id}
        users={users.map(({ id, name, email, isAdmin, hasPassword, disabled, projectCount, createdAt }) => ({ id, name, email, isAdmin, hasPassword, disabled, projectCount, since: createdAt.toISOString().slice(0, 10) }))}
      />
    </div>
  );
}
