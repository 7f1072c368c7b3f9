// Figures as links to the items behind them: for the server's cards and the client's charts alike (no server imports).
import Link from "next/link";
import type { ReactNode } from "react";

/** A figure that opens the items behind it. */
export function ItemsLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-brand-700 underline">
      {children}
    </Link>
  );
}

/** A figure over some items: a link to them, or plain text when there are none (a link to an empty list helps no one). */
export function FigureLink({ items, href, children }: { items: number; href: string | undefined; children: ReactNode }) {
  return items && href ? <ItemsLink href={href}>{children}</ItemsLink> : <span className="text-slate-500">{children}</span>;
}
