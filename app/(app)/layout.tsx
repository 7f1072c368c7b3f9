import Link from "next/link";
import type { ReactNode } from "react";
import { HeaderRow, PageMain } from "@/components/app-frame";
import { InboxLink } from "@/components/discussions/inbox-link";
import { UserMenu } from "@/components/user-menu";
import { Logo } from "@/components/ui/logo";
import { requirePageCaller } from "@/lib/server/auth/session";
import { unreadCount } from "@/lib/server/discussions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await requirePageCaller();
  const { user } = caller;
  const unread = await unreadCount(caller);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <HeaderRow>
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
          <div className="ml-auto flex items-center gap-2">
            <InboxLink unread={unread} />
            <UserMenu name={user.name} email={user.email} isAdmin={user.isAdmin} />
          </div>
        </HeaderRow>
      </header>
      <PageMain>{children}</PageMain>
    </div>
  );
}
