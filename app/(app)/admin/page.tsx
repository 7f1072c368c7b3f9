import type { Metadata } from "next";
import { forbidden } from "next/navigation";
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
      <p className="mt-1 text-sm text-slate-600">
        Add users with <code className="rounded bg-slate-100 px-1.5 py-0.5">npm run -s concord -- user add --email E --password P</code>.
      </p>
      <div className="mt-6 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">Name</th>
              <th scope="col" className="px-4 py-3 font-medium">Email</th>
              <th scope="col" className="px-4 py-3 font-medium">Projects</th>
              <th scope="col" className="px-4 py-3 font-medium">Since</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((row) => (
              <tr key={row.id}>
                <td className="px-4 py-3 font-medium text-slate-900">
                  {row.name}
                  {row.isAdmin ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Admin</span> : null}
                </td>
                <td className="px-4 py-3 text-slate-600">{row.email}</td>
                <td className="px-4 py-3 text-slate-600">{row.projectCount}</td>
                <td className="px-4 py-3 text-slate-600">{row.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
