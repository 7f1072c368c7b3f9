import { describe, expect, it } from "vitest";
import { parsePredictionsText, PREDICTIONS_PART_SIZE, predictionParts } from "./predictions-file";

describe("a predictions file", () => {
  it("reads JSON with its model, the given fields overriding it", () => {
    const text = JSON.stringify({ model: { name: "cnn", version: "1" }, predictions: [{ item: "a.png", result: [] }] });
    expect(parsePredictionsText(text, "p.json", { version: "2", trainingExport: undefined })).toEqual({ model: { name: "cnn", version: "2" }, predictions: [{ item: "a.png", result: [] }], lines: false });
  });

  it("reads JSON Lines (blank lines and a byte-order mark ignored), the model from the given fields", () => {
    expect(parsePredictionsText('\uFEFF{"item":"a"}\r\n\n{"item":"b"}\n', "p.jsonl", { name: "cnn", version: "1" })).toEqual({ model: { name: "cnn", version: "1" }, predictions: [{ item: "a" }, { item: "b" }], lines: true });
  });

  it("names the line that is not JSON, and a list of predictions that is not a list", () => {
    expect(() => parsePredictionsText('{"item":"a"}\n{oops', "p.jsonl")).toThrow("p.jsonl: line 2 is not JSON");
    expect(() => parsePredictionsText('{"predictions": {}}', "p.json")).toThrow('p.json: "predictions" must be a list');
  });

  it("splits predictions into parts of PREDICTIONS_PART_SIZE in order", () => {
    const parts = predictionParts(Array.from({ length: PREDICTIONS_PART_SIZE * 2 + 1 }, (_, index) => index));
    expect(parts.map((part) => part.length)).toEqual([PREDICTIONS_PART_SIZE, PREDICTIONS_PART_SIZE, 1]);
    expect(parts[2]).toEqual([PREDICTIONS_PART_SIZE * 2]);
    expect(predictionParts([])).toEqual([]);
  });
});
