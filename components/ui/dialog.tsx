"use client";
// A modal dialog on the native <dialog>: focus moves into it and stays there, Escape closes it, the page behind is inert.
import { useEffect, useId, useRef, type ReactNode } from "react";

const WIDTHS = { wide: "w-[48rem]", medium: "w-[36rem]", narrow: "w-[28rem]" } as const;

export function Dialog({
  open,
  onClose,
  title,
  children,
  width = "wide",
  describedBy,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  width?: keyof typeof WIDTHS;
  /** The id of the element inside that says what the dialog is about, read with its title. */
  describedBy?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useId();
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={heading}
      aria-describedby={describedBy}
      className={`m-auto ${WIDTHS[width]} max-w-[95vw] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
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
