"use client";
// The `?` sheet: every shortcut of the screen in use.
import { useEffect, useRef } from "react";

export type Shortcut = [keys: string, what: string];

export function ShortcutHelp({ open, onClose, shortcuts }: { open: boolean; onClose: () => void; shortcuts: Shortcut[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  return (
    <dialog ref={dialog} onClose={onClose} aria-labelledby="shortcut-help-title" className="m-auto w-[36rem] max-w-[95vw] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
      <div className="p-5">
        <div className="flex items-center justify-between">
          <h2 id="shortcut-help-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <button type="button" onClick={onClose} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" autoFocus>
            Close
          </button>
        </div>
        <table className="mt-3 w-full text-sm">
          <tbody>
            {shortcuts.map(([keys, what]) => (
              <tr key={keys} className="border-t border-slate-100">
                <td className="py-1.5 pr-4 align-top whitespace-nowrap">
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{keys}</kbd>
                </td>
                <td className="py-1.5 text-slate-700">{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
