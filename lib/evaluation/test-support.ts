// Builders shared by the evaluation tests: tasks, items, a seeded generator, and the Python references' runner.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { readExport } from "../testing/python";
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import type { EvaluatedItem, PredictedEntry } from "./types";

const classes = (...names: string[]) => names.map((name) => ({ name }));

export const singleChoice = (key: string, ...names: string[]): Task => ({ key, type: "classification", classes: classes(...names), multiple: false, required: true });
export const multipleChoice = (key: string, ...names: string[]): Task => ({ key, type: "classification", classes: classes(...names), multiple: true, required: true });
export const boxTask = (key: string, ...names: string[]): Task => ({ key, type: "bbox", classes: classes(...names), required: false });
export const polygonTask = (key: string, ...names: string[]): Task => ({ key, type: "polygon", classes: classes(...names), required: false });
export const segmentTask = (key: string, ...names: string[]): Task => ({ key, type: "segment", classes: classes(...names), transcript: false, required: false });
export const transcriptTask = (key: string): Task => ({ key, type: "transcript", required: false });

export const chose = (task: string, ...values: string[]): ResultEntry => ({ task, type: "classification", values });
export const box = (task: string, label: string, x: number, y: number, width: number, height: number, score?: number): PredictedEntry => ({
  task,
  type: "bbox",
  label,
  x,
  y,
  width,
  height,
  ...(score === undefined ? {} : { score }),
});
export const segment = (task: string, label: string, start: number, end: number): ResultEntry => ({ task, type: "segment", label, start, end });
export const said = (task: string, text: string): ResultEntry => ({ task, type: "transcript", text });

/** An item with these results; answers are given as lists, labelers named a, b, c, … */
export function item(
  id: string,
  final: readonly ResultEntry[],
  prediction: readonly PredictedEntry[],
  answers: readonly (readonly ResultEntry[])[] = [],
  extra: { tags?: string[]; metadata?: Record<string, unknown> } = {},
): EvaluatedItem {
  return {
    id,
    metadata: extra.metadata ?? {},
    tags: extra.tags ?? [],
    final,
    prediction,
    answers: answers.map((result, index) => ({ labeler: String.fromCharCode(97 + index), result })),
  };
}

/** A seeded source of test data: integers in [min, max], uniform floats in [0, 1), picks. */
export function seeded(seed: number) {
  const random = xoroshiro128plus(seed);
  const int = (min: number, max: number) => uniformInt(random, min, max);
  return { int, float: () => uniformFloat64(random), pick: <T>(values: readonly T[]) => values[int(0, values.length - 1)]! };
}

/** Runs lib/testing/readers/<script>.py on this input, written to a temporary JSON file, and returns what it printed. */
export async function runReference<T>(script: string, input: unknown): Promise<T> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "concord-evaluation-")), "input.json");
  writeFileSync(file, JSON.stringify(input));
  return readExport<T>(script, file);
}
