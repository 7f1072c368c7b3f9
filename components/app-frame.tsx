"use client";
// The app's frame width per page: most pages read best in a centred column, while the workspaces (labeling, review,
// a model's errors) take the whole window, their media being the page; the header then spans it too, so both line up.
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

const FULL_WIDTH_PAGES = /^\/projects\/[^/]+\/(label|review|models\/errors|items\/[^/]+\/revise)$/;

const useFullWidth = () => FULL_WIDTH_PAGES.test(usePathname());

export function HeaderRow({ children }: { children: ReactNode }) {
  return <div className={`mx-auto flex h-14 items-center gap-6 px-4 sm:px-6 ${useFullWidth() ? "" : "max-w-6xl"}`}>{children}</div>;
}

export function PageMain({ children }: { children: ReactNode }) {
  return <main className={useFullWidth() ? "px-4 py-3 sm:px-6" : "mx-auto max-w-6xl px-4 py-8 sm:px-6"}>{children}</main>;
}
