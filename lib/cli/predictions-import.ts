// `concord predictions import`: a predictions file of any size, sent to the same service as POST …/predictions in
// parts of PART_SIZE, so that each part is checked and written as one request's would be.
import { readFile } from "node:fs/promises";
import type { Caller } from "../server/auth/caller";
import { importPredictions } from "../server/models/predictions";
import type { PredictionsImportReport } from "../validation/predictions";

const PART_SIZE = 1000;

export interface PredictionsFile {
  model: unknown;
  predictions: unknown[];
}

async function readInput(input: string): Promise<string> {
  if (input !== "-") return readFile(input, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads JSON (`{model, predictions}`, the API's body) or JSON Lines (a prediction a line, the model from the flags).
 * Flags given with a JSON file override its model's fields.
 */
export async function readPredictionsFile(input: string, flags: { name?: string; version?: string; trainingExport?: string }): Promise<PredictionsFile> {
  const text = (await readInput(input)).replace(/^\uFEFF/, "");
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  try {
    const whole = JSON.parse(text) as unknown;
    if (typeof whole === "object" && whole !== null && !Array.isArray(whole) && "predictions" in whole) {
      const { model, predictions } = whole as { model?: unknown; predictions: unknown };
      if (!Array.isArray(predictions)) throw new Error(`${input}: "predictions" must be a list`);
      return { model: { ...(typeof model === "object" && model !== null ? model : {}), ...given }, predictions };
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const predictions = text.split(/\r?\n/).flatMap((line, index) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new Error(`${input}: line ${index + 1} is not JSON (the file is neither JSON with "predictions" nor JSON Lines)`);
    }
  });
  return { model: given, predictions };
}

/** Imports the file's predictions part by part; one report for all of them. */
export async function importPredictionsInParts(caller: Caller, projectId: string, file: PredictionsFile): Promise<PredictionsImportReport> {
  const report = await importPredictions(caller, projectId, { model: file.model, predictions: file.predictions.slice(0, PART_SIZE) });
  for (let start = PART_SIZE; start < file.predictions.length; start += PART_SIZE) {
    const part = await importPredictions(caller, projectId, { model: file.model, predictions: file.predictions.slice(start, start + PART_SIZE) });
    report.imported += part.imported;
    report.rejected.push(...part.rejected);
  }
  return report;
}
