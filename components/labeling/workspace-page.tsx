// A labeling page's frame: one line of title and way back, then the workspace filling the rest of the window (on
// wide screens), so the canvas or waveform gets every pixel left and the actions above it never move.
import type { ReactNode } from "react";
import { BackLink } from "@/components/ui/back-link";

// The app header (3.5rem and its border) and the full-width frame's padding (0.75rem above and below).
const BELOW_HEADER = "lg:h-[calc(100dvh-5rem-1px)]";

export function WorkspacePage({ back, title, extra, children }: { back: { href: string; to: string }; title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-2 ${BELOW_HEADER}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div className="flex items-baseline gap-3">
          <BackLink href={back.href} to={back.to} />
          <h1 className="text-base font-semibold tracking-tight">{title}</h1>
        </div>
        {extra}
      </div>
      {children}
    </div>
  );
}
