// A predictions file as the CLI and the browser read it: JSON (`{model, predictions}`, the API's body) or JSON Lines
// (a prediction a line, the model named beside the file), sent in parts of PREDICTIONS_PART_SIZE so that each part
// is checked and written as one request's would be. Pure: the CLI reads the file, the browser its File.

/** Predictions a request carries when a file is sent in parts (below MAX_PREDICTIONS_PER_REQUEST, and small enough for the JSON limit). */
export const PREDICTIONS_PART_SIZE = 1000;

export interface PredictionsFile {
  model: unknown;
  predictions: unknown[];
  /** Whether the file was JSON Lines (its model came from beside it) rather than JSON with `predictions`. */
  lines: boolean;
}

/**
 * Parses the text of a predictions file named `source` (for messages). Fields in `given` override a JSON file's model
 * fields, and are the whole model of a JSON Lines file. Throws an Error saying which line is not JSON.
 */
export function parsePredictionsText(text: string, source: string, given: Record<string, string | undefined> = {}): PredictionsFile {
  const stripped = text.replace(/^\uFEFF/, "");
  const fields = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  try {
    const whole = JSON.parse(stripped) as unknown;
    if (typeof whole === "object" && whole !== null && !Array.isArray(whole) && "predictions" in whole) {
      const { model, predictions } = whole as { model?: unknown; predictions: unknown };
      if (!Array.isArray(predictions)) throw new Error(`${source}: "predictions" must be a list`);
      return { model: { ...(typeof model === "object" && model !== null ? model : {}), ...fields }, predictions, lines: false };
    }
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  const predictions = stripped.split(/\r?\n/).flatMap((line, index) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      throw new Error(`${source}: line ${index + 1} is not JSON (the file is neither JSON with "predictions" nor JSON Lines)`);
    }
  });
  return { model: fields, predictions, lines: true };
}

/** The predictions in parts of PREDICTIONS_PART_SIZE, in order. */
export function predictionParts<T>(predictions: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < predictions.length; start += PREDICTIONS_PART_SIZE) parts.push(predictions.slice(start, start + PREDICTIONS_PART_SIZE));
  return parts;
}
