// Benchmark of transcript and segment agreement. Run: npx tsx bench/text-and-segments.ts
// - WER (and CER) on 10,000 transcript pairs of about 20 words, as written and under the default rules;
// - segment matching on 10,000 clips × 3 labelers × 10 segments (every labeler pair of a clip);
// - segment consensus on the same clips, and frame-level alpha on the first 1,000 of them.
//
// Data are synthetic and seeded (pure-rand), so runs are comparable. A reference transcript has 18–22
// words from a 500-word vocabulary with fillers and punctuation; its hypothesis keeps each word with
// probability 0.85, substitutes 0.07, deletes 0.04, and inserts a word after it with probability 0.04.
// A clip is 30 s with 10 events of 0.3–3 s; each labeler moves each boundary by up to ±0.15 s, keeps the
// label 9 times in 10, misses an event 1 time in 10 and then draws a segment at a random place instead.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import {
  characterErrorRate,
  DEFAULT_NORMALISATION,
  frameAgreement,
  matchSegments,
  segmentConsensus,
  wordErrorRate,
  type SegmentClip,
  type TimedSegment,
} from "../lib/quality/text-and-segments/index";

const PAIRS = 10_000;
const CLIPS = 10_000;
const FRAME_ALPHA_CLIPS = 1_000;
const LABELERS = ["ana", "ben", "chen"];
const SEGMENTS_PER_LABELER = 10;
const CLIP_SECONDS = 30;
const LABELS = ["speech", "music", "noise"];
const RUNS = 3;

const rng = xoroshiro128plus(20_240_601);
const chance = () => uniformFloat64(rng);
const between = (low: number, high: number) => low + (high - low) * chance();
const pick = <T>(values: readonly T[]): T => values[uniformInt(rng, 0, values.length - 1)]!;

const VOCABULARY = [...Array.from({ length: 500 }, (_, k) => `word${k}`), "um,", "umm", "uh", "Gas", "station.", "[unintelligible]"];

function transcriptPair(): [string, string] {
  const reference = Array.from({ length: uniformInt(rng, 18, 22) }, () => pick(VOCABULARY));
  const hypothesis = reference.flatMap((word) => {
    const roll = chance();
    const kept = roll < 0.85 ? [word] : roll < 0.92 ? [pick(VOCABULARY)] : roll < 0.96 ? [] : [word];
    return chance() < 0.04 ? [...kept, pick(VOCABULARY)] : kept;
  });
  return [reference.join(" "), hypothesis.join(" ")];
}

function randomSegment(): TimedSegment {
  const start = between(0, CLIP_SECONDS - 3);
  return { label: pick(LABELS), start, end: start + between(0.3, 3) };
}

function labelerView(events: readonly TimedSegment[]): TimedSegment[] {
  return events.map((event) => {
    if (chance() < 0.1) return randomSegment();
    const start = Math.max(0, event.start + between(-0.15, 0.15));
    const end = Math.max(start + 0.05, event.end + between(-0.15, 0.15));
    return { label: chance() < 0.9 ? event.label : pick(LABELS), start, end };
  });
}

const pairs = Array.from({ length: PAIRS }, transcriptPair);
const clips: SegmentClip[] = Array.from({ length: CLIPS }, () => {
  const events = Array.from({ length: SEGMENTS_PER_LABELER }, randomSegment);
  return { durationSeconds: CLIP_SECONDS, segmentsByLabeler: Object.fromEntries(LABELERS.map((labeler) => [labeler, labelerView(events)])) };
});

function timed(name: string, count: number, unit: string, work: () => number): void {
  for (let run = 1; run <= RUNS; run++) {
    const start = performance.now();
    const checksum = work();
    const seconds = (performance.now() - start) / 1000;
    console.log(`${name}, run ${run}: ${seconds.toFixed(3)} s (${((seconds / count) * 1e6).toFixed(1)} µs per ${unit}; checksum ${checksum.toFixed(6)})`);
  }
}

const meanOver = <T>(values: readonly T[], measure: (value: T) => number) => values.reduce((sum, value) => sum + measure(value), 0) / values.length;

console.log(`${PAIRS} transcript pairs of ~20 words; ${CLIPS} clips × ${LABELERS.length} labelers × ${SEGMENTS_PER_LABELER} segments; Node ${process.version}`);
timed("WER as written", PAIRS, "pair", () => meanOver(pairs, ([reference, hypothesis]) => wordErrorRate(reference, hypothesis)));
timed("WER under DEFAULT_NORMALISATION", PAIRS, "pair", () => meanOver(pairs, ([reference, hypothesis]) => wordErrorRate(reference, hypothesis, DEFAULT_NORMALISATION)));
timed("CER as written", PAIRS, "pair", () => meanOver(pairs, ([reference, hypothesis]) => characterErrorRate(reference, hypothesis)));
timed("segment matching (3 labeler pairs per clip: matching, F1, mean IoU)", CLIPS, "clip", () =>
  meanOver(clips, (clip) => {
    const [ana, ben, chen] = LABELERS.map((labeler) => clip.segmentsByLabeler[labeler]!);
    return (matchSegments(ana!, ben!).f1 + matchSegments(ana!, chen!).f1 + matchSegments(ben!, chen!).f1) / 3;
  }),
);
timed("segment consensus (10 ms frames, majority, runs)", CLIPS, "clip", () => meanOver(clips, (clip) => segmentConsensus(clip).length));
timed(`frame-level alpha over ${FRAME_ALPHA_CLIPS} clips (3,000 frames each)`, FRAME_ALPHA_CLIPS, "clip", () => frameAgreement(clips.slice(0, FRAME_ALPHA_CLIPS)).overall.value ?? Number.NaN);
