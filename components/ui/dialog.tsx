"use client";
// A modal dialog on the native <dialog>: focus moves into it and stays there, Escape closes it, the page behind is inert.
import { useEffect, useId, useRef, type ReactNode } from "react";

export function Dialog({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useId();
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  return (
    <dialog ref={dialog} onClose={onClose} aria-labelledby={heading} className="m-auto w-[48rem] max-w-[95vw] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40">
      {open ? (
        <div className="space-y-4 p-5">
          <h2 id={heading} className="text-base font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
