"use client";
// A question before something that cannot be undone, with the action named on its button.
import { useId, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

export interface Confirmation {
  title: string;
  body: ReactNode;
  /** The button's words, naming what happens: "Switch to audio", not "OK". */
  confirm: string;
  onConfirm: () => void;
}

/** Shows `confirmation` while it is set; either button, or Escape, ends it through `onClose`. */
export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  const bodyId = useId();
  return (
    <Dialog open={confirmation !== null} onClose={onClose} title={confirmation?.title ?? ""} width="narrow" describedBy={bodyId}>
      {confirmation ? (
        <>
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
        </>
      ) : null}
    </Dialog>
  );
}
