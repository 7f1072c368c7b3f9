"use client";
// A question before something that cannot be undone: a modal <dialog> (focus moves in and back, Escape
// cancels) with the action named on its button.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

export interface Confirmation {
  title: string;
  body: ReactNode;
  /** The button's words, naming what happens: "Switch to audio", not "OK". */
  confirm: string;
  onConfirm: () => void;
}

/** Shows `confirmation` while it is set; either button, or Escape, ends it through `onClose`. */
export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    if (confirmation && !dialog.current?.open) dialog.current?.showModal();
    if (!confirmation && dialog.current?.open) dialog.current.close();
  }, [confirmation]);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      className="m-auto w-[28rem] max-w-[95vw] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {confirmation ? (
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {confirmation.title}
          </h2>
          <div id={bodyId} className="text-sm text-slate-700">
            {confirmation.body}
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose} autoFocus>
              Cancel
            </Button>
            <Button
              type="button"
              onClick={() => {
                confirmation.onConfirm();
                onClose();
              }}
            >
              {confirmation.confirm}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
