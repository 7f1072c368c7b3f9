"use client";
// The class of new shapes and segments, shared by the image and the audio workspace: picked before drawing with a
// button or a key (Shift+ the class's key when the item has classes of its own, which plain keys answer), and kept
// from item to item while the page is open, so new shapes start from the class used last.
import { useState } from "react";
import { keyForClass, labelColor, rememberedClass, type ShapeTask } from "@/lib/labeling/answers";
import { allowedLabels } from "@/lib/validation/project";
import type { Shortcut } from "./shortcut-help";

/** The class each shape or segment task drew last, kept from item to item while the page is open. */
const lastShapeClass = new Map<string, string>();

/** The class of the next shape of each task, and how to choose it (which also remembers it for the next items). */
export function useShapeClasses(tasks: ShapeTask[]): [Record<string, string>, (task: ShapeTask, label: string) => void] {
  const [classFor, setClassFor] = useState<Record<string, string>>(() => Object.fromEntries(tasks.map((task) => [task.key, rememberedClass(task, lastShapeClass.get(task.key))])));
  const choose = (task: ShapeTask, label: string) => {
    lastShapeClass.set(task.key, label);
    setClassFor((current) => ({ ...current, [task.key]: label }));
  };
  return [classFor, choose];
}

/**
 * The key that picks a shape class: Shift+ the class's key (Shift+1 is read from the key's code, as Shift turns
 * "1" into "!"); without Shift only when the item has no classes of its own, which plain keys choose otherwise.
 */
export function shapeClassKey(event: KeyboardEvent, itemHasClasses: boolean): string | null {
  if (event.shiftKey) return event.code.startsWith("Digit") ? event.code.slice("Digit".length) : event.key;
  return itemHasClasses ? null : event.key;
}

/** The `?` sheet's line for the class of new shapes (or segments) of an image (or clip). */
export function shapeClassShortcut(shapes: string, item: string): Shortcut {
  return ["Shift+1–9, Shift+class hotkey", `The class of new ${shapes} (and of the selected one); plain keys too when the ${item} has no classes`];
}

/** The class buttons of a shape task, with their keys: the chosen one is the class of the next shape drawn. */
export function ShapeClassPicker({ task, shapes, item, chosen, shifted, onChoose }: { task: ShapeTask; shapes: string; item: string; chosen: string; shifted: boolean; onChoose: (label: string) => void }) {
  const uncertainClass = "uncertainClass" in task ? task.uncertainClass : undefined;
  return (
    <div>
      <p className="text-xs text-slate-600">
        Class of new {shapes} ({task.key}){shifted ? ` · Shift+ its key (plain keys answer the ${item}'s classes)` : " · its key"}
      </p>
      <div className="mt-1 flex flex-wrap gap-1.5" role="radiogroup" aria-label={`${task.key} class`}>
        {allowedLabels(task).map((label, index) => {
          const key = label === uncertainClass ? "u" : keyForClass(task, index);
          const isChosen = label === chosen;
          return (
            <button
              key={label}
              type="button"
              role="radio"
              aria-checked={isChosen}
              onClick={() => onChoose(label)}
              className={`flex items-center gap-1.5 rounded-md border px-2 py-1 text-sm ${isChosen ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
            >
              <span aria-hidden className="h-2.5 w-2.5 rounded-sm ring-1 ring-white/70" style={{ background: labelColor(task, label) }} />
              {label}
              {key ? <kbd className="text-xs opacity-80">{shifted ? `⇧${key.toUpperCase()}` : key}</kbd> : null}
            </button>
          );
        })}
      </div>
    </div>
  );
}
