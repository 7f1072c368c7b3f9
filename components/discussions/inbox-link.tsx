import Link from "next/link";

/** The header's way to the inbox, with the unread count as a badge (its accessible name says the number). */
export function InboxLink({ unread }: { unread: number }) {
  return (
    <Link href="/inbox" aria-label={unread ? `Inbox, ${unread} unread` : "Inbox"} className="relative rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
      Inbox
      {unread ? (
        <span aria-hidden className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
