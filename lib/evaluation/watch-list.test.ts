import { describe, expect, it } from "vitest";
import { createEvaluator } from "./evaluator";
import { chose, item, said, segmentTask, singleChoice, transcriptTask } from "./test-support";
import { WATCH_LIST_SAMPLE_ITEMS, WatchListTally } from "./watch-list";

const words = transcriptTask("words");

describe("the watch list of a transcript task", () => {
  it("counts the course's rude mis-transcription: 'GANs' heard as 'guns'", () => {
    const evaluator = createEvaluator(words, { by: null, watchList: ["guns"] });
    const outcome = evaluator.add(item("lecture", [said("words", "we trained two GANs today")], [said("words", "we trained two guns today")]));
    // One substitution in five words.
    expect(outcome).toEqual({ measure: 0.8, error: true, watchHit: true });
    expect(evaluator.report().watchList).toEqual([{ term: "guns", predictions: 1, items: ["lecture"] }]);
  });

  it("does not count a term the final label holds too, nor one inside another word; ignores case and punctuation around it", () => {
    const evaluator = createEvaluator(words, { by: null, watchList: ["Guns", "bad word"] });
    expect(evaluator.add(item("both", [said("words", "guns and roses")], [said("words", "GUNS and roses")]))?.watchHit).toBe(false);
    expect(evaluator.add(item("inside", [said("words", "it has begun")], [said("words", "it has begunsome")]))?.watchHit).toBe(false);
    expect(evaluator.add(item("plural", [said("words", "a gun")], [said("words", "a gunslinger")]))?.watchHit).toBe(false);
    expect(evaluator.add(item("phrase", [said("words", "a bad ward")], [said("words", "a Bad   word!")]))?.watchHit).toBe(true);
    expect(evaluator.add(item("punctuated", [said("words", "guys")], [said("words", "guns?")]))?.watchHit).toBe(true);
    expect(evaluator.report().watchList).toEqual([
      { term: "Guns", predictions: 1, items: ["punctuated"] },
      { term: "bad word", predictions: 1, items: ["phrase"] },
    ]);
  });

  it("counts each term once per prediction, and an item left out not at all", () => {
    const evaluator = createEvaluator(words, { by: null, watchList: ["guns", "  GUNS ", "", "darn"] });
    expect(evaluator.add(item("1", [said("words", "gans")], [said("words", "guns guns darn")]))?.watchHit).toBe(true);
    expect(evaluator.add(item("2", [said("words", "gans")], []))).toBeNull();
    expect(evaluator.add(item("3", [said("words", "gans")], [said("words", "gans")]))?.watchHit).toBe(false);
    expect(evaluator.report().watchList).toEqual([
      { term: "guns", predictions: 1, items: ["1"] },
      { term: "darn", predictions: 1, items: ["1"] },
    ]);
  });

  it("keeps the first WATCH_LIST_SAMPLE_ITEMS items of a term, and counts all", () => {
    const tally = new WatchListTally(["guns"], "words");
    for (let index = 0; index < WATCH_LIST_SAMPLE_ITEMS + 5; index++) tally.add(`item ${index}`, [said("words", "gans")], [said("words", "guns")]);
    const [guns] = tally.figures();
    expect(guns!.predictions).toBe(WATCH_LIST_SAMPLE_ITEMS + 5);
    expect(guns!.items).toEqual(Array.from({ length: WATCH_LIST_SAMPLE_ITEMS }, (_, index) => `item ${index}`));
  });
});

describe("the watch list of other tasks", () => {
  it("reads each segment's transcript: a term in any predicted segment that no final segment holds", () => {
    const speech = { ...segmentTask("speech", "speech"), transcript: true } as const;
    const evaluator = createEvaluator(speech, { by: null, watchList: ["guns"] });
    const spoken = (start: number, end: number, transcript: string) => ({ task: "speech", type: "segment" as const, label: "speech", start, end, transcript });
    const outcome = evaluator.add(item("1", [spoken(0, 1, "two GANs"), spoken(1, 2, "today")], [spoken(0, 1, "two guns"), spoken(1, 2, "today")]));
    expect(outcome).toEqual({ measure: 1, error: false, watchHit: true });
    expect(evaluator.report().watchList).toEqual([{ term: "guns", predictions: 1, items: ["1"] }]);
  });

  it("is left out of a classification report", () => {
    const evaluator = createEvaluator(singleChoice("kind", "guns", "roses"), { by: null, watchList: ["guns"] });
    expect(evaluator.add(item("1", [chose("kind", "roses")], [chose("kind", "guns")]))).toEqual({ measure: 0, error: true, watchHit: false });
    expect(evaluator.report().watchList).toBeUndefined();
  });
});
