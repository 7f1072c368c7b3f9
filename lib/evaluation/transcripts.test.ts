import { describe, expect, it } from "vitest";
import { DEFAULT_NORMALISATION } from "../quality/text-and-segments/normalisation";
import { createEvaluator } from "./evaluator";
import { item, runReference, said, seeded, transcriptTask } from "./test-support";

const VOCABULARY = ["the", "a", "cat", "sat", "on", "mat", "dog", "ran", "up", "down"];

describe("transcript figures", () => {
  it("agrees with jiwer's corpus-level wer and cer (lists of sentences) on random transcripts, and 1 − WER is the accuracy", async () => {
    for (const seed of [21, 22, 23]) {
      const random = seeded(seed);
      const sentence = (least: number) => Array.from({ length: random.int(least, 8) }, () => random.pick(VOCABULARY)).join(" ");
      const references = Array.from({ length: 300 }, () => sentence(1));
      const hypotheses = references.map((reference) => (random.float() < 0.3 ? reference : sentence(0)));
      const answers = references.map((reference) => (random.float() < 0.6 ? reference : sentence(0)));
      const evaluator = createEvaluator(transcriptTask("words"), { by: null, resamples: 1 });
      references.forEach((reference, index) => evaluator.add(item(String(index), [said("words", reference)], [said("words", hypotheses[index]!)], [[said("words", answers[index]!)]])));
      const { overall } = evaluator.report();
      const model = await runReference<{ wer: number; cer: number }>("jiwer_rates", { references, hypotheses });
      const labeler = await runReference<{ wer: number; cer: number }>("jiwer_rates", { references, hypotheses: answers });
      expect(overall.wer).toBeCloseTo(model.wer, 10);
      expect(overall.cer).toBeCloseTo(model.cer, 10);
      expect(overall.accuracy).toBeCloseTo(1 - model.wer, 10);
      expect(overall.hlp).toBeCloseTo(1 - labeler.wer, 10);
    }
  });

  it("compares transcripts under the normalisation rules when given", () => {
    const evaluator = createEvaluator(transcriptTask("words"), { by: null, transcriptRules: DEFAULT_NORMALISATION });
    expect(evaluator.add(item("1", [said("words", "Umm, the cat sat.")], [said("words", "um the cat sat")]))).toEqual({ measure: 1, error: false, watchHit: false });
  });
});
