// `concord predictions import`: a predictions file of any size, sent to the same service as POST …/predictions in
// parts (lib/validation/predictions-file.ts, as the browser sends a large file).
import { readFile } from "node:fs/promises";
import type { Caller } from "../server/auth/caller";
import { importPredictions } from "../server/models/predictions";
import type { PredictionsImportReport } from "../validation/predictions";
import { parsePredictionsText, predictionParts, type PredictionsFile } from "../validation/predictions-file";

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
  return parsePredictionsText(await readInput(input), input, flags);
}

/** Imports the file's predictions part by part; one report for all of them. */
export async function importPredictionsInParts(caller: Caller, projectId: string, file: PredictionsFile): Promise<PredictionsImportReport> {
  const [first = [], ...rest] = predictionParts(file.predictions);
  const report = await importPredictions(caller, projectId, { model: file.model, predictions: first });
  for (const part of rest) {
    const more = await importPredictions(caller, projectId, { model: file.model, predictions: part });
    report.imported += more.imported;
    report.rejected.push(...more.rejected);
  }
  return report;
}
