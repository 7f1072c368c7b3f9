import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/user-menu";
import { Logo } from "@/components/ui/logo";
import { requirePageCaller } from "@/lib/server/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePageCaller();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
          <Link href="/projects" aria-label="Concord home">
            <Logo />
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 text-sm">
            <Link href="/projects" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
              Projects
            </Link>
            {user.isAdmin ? (
              <Link href="/admin" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
                Admin
              </Link>
            ) : null}
          </nav>
          <div className="ml-auto">
            <UserMenu name={user.name} email={user.email} isAdmin={user.isAdmin} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
