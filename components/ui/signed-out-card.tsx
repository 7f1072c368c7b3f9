import type { ReactNode } from "react";
import { Logo } from "./logo";

/** The frame of the pages people see before they are signed in: the logo over one card, centred. */
export function SignedOutCard({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo className="text-2xl" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
        {footer}
      </div>
    </main>
  );
}
