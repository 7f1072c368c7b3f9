"use client";
// The app's frame width per page: most pages read best in a centred column, while the labeling workspace takes the
// whole window (its canvas or waveform is the page); its header then spans the window too, so both line up.
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

const FULL_WIDTH_PAGES = /^\/projects\/[^/]+\/(label|items\/[^/]+\/revise)$/;

const useFullWidth = () => FULL_WIDTH_PAGES.test(usePathname());

export function HeaderRow({ children }: { children: ReactNode }) {
  return <div className={`mx-auto flex h-14 items-center gap-6 px-4 sm:px-6 ${useFullWidth() ? "" : "max-w-6xl"}`}>{children}</div>;
}

export function PageMain({ children }: { children: ReactNode }) {
  return <main className={useFullWidth() ? "px-4 py-3 sm:px-6" : "mx-auto max-w-6xl px-4 py-8 sm:px-6"}>{children}</main>;
}
