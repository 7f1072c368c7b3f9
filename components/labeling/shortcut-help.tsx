"use client";
// The `?` sheet: every shortcut of the screen in use.
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export type Shortcut = [keys: string, what: string];

export function ShortcutHelp({ open, onClose, shortcuts }: { open: boolean; onClose: () => void; shortcuts: Shortcut[] }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" width="medium">
      <table className="w-full text-sm">
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
      <div className="flex justify-end">
        <Button type="button" variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
