// Undo and redo over a value (the annotation being edited). Successive edits with the same
// coalescing key (typing in one transcript field) become one step.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The coalescing key of the edit that produced `present`. */
  lastKey: string | null;
}

const MAX_STEPS = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

export function record<T>(history: History<T>, next: T, coalesceKey: string | null = null): History<T> {
  if (next === history.present) return history;
  const merge = coalesceKey !== null && coalesceKey === history.lastKey;
  const past = merge ? history.past : [...history.past, history.present].slice(-MAX_STEPS);
  return { past, present: next, future: [], lastKey: coalesceKey };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], lastKey: null };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest, lastKey: null };
}
