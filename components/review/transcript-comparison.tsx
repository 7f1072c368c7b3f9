// Each labeler's transcript aligned word by word with the consensus, task by task: substitutions,
// deletions and insertions each marked by colour and by a cue that needs no colour, with the
// labeler's WER against the consensus. Compared as the agreement figures compare them: after the
// project's transcript rules, under the default normalisation.
import { useMemo } from "react";
import { alignmentCountsOf, alignWords, DEFAULT_NORMALISATION, transcriptConsensus, type AlignedWord } from "@/lib/quality/text-and-segments";
import { ratesFromCounts } from "@/lib/quality/text-and-segments/transcript-rates";
import { standardizeTranscript, type Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";

/**
 * What the transcripts are compared with, as the marks, the legend and the header name it: the consensus and its
 * labelers in review, the final label and a model in the error analysis (whose row is then labelled `label`).
 */
export interface Reference {
  noun: string;
  answerer: string;
  label?: string;
}
const CONSENSUS: Reference = { noun: "consensus", answerer: "labeler" };

export interface LabelerAnswer {
  key: string;
  name: string;
  color: string;
  entries: ResultEntry[];
}

/** Tasks whose answers hold transcripts: transcript tasks, and segment tasks that transcribe each segment. */
function transcribed(task: Task): boolean {
  return task.type === "transcript" || (task.type === "segment" && task.transcript);
}

/** A task's transcript in a result: its transcript's text, or its segments' transcripts in time order. */
export function taskTranscript(result: readonly ResultEntry[], task: Task): string {
  const texts = result.flatMap((entry) => (entry.task !== task.key ? [] : entry.type === "transcript" ? [{ at: 0, text: entry.text }] : entry.type === "segment" ? [{ at: entry.start, text: entry.transcript ?? "" }] : []));
  return texts
    .sort((a, b) => a.at - b.at)
    .map((entry) => entry.text.trim())
    .filter(Boolean)
    .join(" ");
}

const MARK = {
  substitution: "rounded-sm bg-amber-100 px-0.5 text-amber-950 underline decoration-amber-600 decoration-wavy decoration-2 underline-offset-4",
  deletion: "rounded-sm bg-rose-100 px-0.5 text-rose-800 line-through decoration-2",
  insertion: "rounded-sm bg-sky-100 px-0.5 text-sky-950 no-underline",
} as const;

function Insertion({ word, reference }: { word: string; reference: Reference }) {
  return (
    <ins className={MARK.insertion} title={`not in the ${reference.noun}`}>
      <span aria-hidden className="mr-px font-semibold text-sky-700">+</span>
      <span className="sr-only">extra: </span>
      <span className="underline decoration-sky-700 decoration-2 underline-offset-4">{word}</span>
    </ins>
  );
}

function Substitution({ word, consensus, reference }: { word: string; consensus: string; reference: Reference }) {
  return (
    <mark className={MARK.substitution} title={`${reference.noun} said “${consensus}”`}>
      {word}
      <span className="sr-only">
        {" "}
        ({reference.noun} said “{consensus}”)
      </span>
    </mark>
  );
}

function Deletion({ word, reference }: { word: string; reference: Reference }) {
  return (
    <del className={MARK.deletion} title={`missing: the ${reference.noun} has “${word}” here`}>
      <span className="sr-only">missing: </span>
      {word}
    </del>
  );
}

/** A labeler's side of an alignment: their words, with the consensus words they left out struck through in place. */
function AlignedTranscript({ aligned, reference }: { aligned: readonly AlignedWord[]; reference: Reference }) {
  const words = aligned.flatMap((step, index) => {
    switch (step.type) {
      case "hit":
        return [<span key={index}>{step.hypothesis}</span>];
      case "substitution":
        return [<Substitution key={index} word={step.hypothesis} consensus={step.reference} reference={reference} />];
      case "deletion":
        return [<Deletion key={index} word={step.reference} reference={reference} />];
      case "insertion":
        return [<Insertion key={index} word={step.hypothesis} reference={reference} />];
      case "ignored":
        return step.side === "hypothesis" ? [<span key={index} className="text-slate-500" title="not compared: punctuation alone">{step.word}</span>] : [];
    }
  });
  return <>{words.flatMap((word, index) => (index ? [" ", word] : [word]))}</>;
}

function Legend({ standardized, reference }: { standardized: boolean; reference: Reference }) {
  return (
    <div className="space-y-1 text-xs text-slate-600">
      <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1">
        <li>
          <Substitution word="word" consensus="another word" reference={reference} /> substituted: the {reference.noun} has another word here (point at it to see which)
        </li>
        <li>
          <Deletion word="word" reference={reference} /> missing: a {reference.noun} word this {reference.answerer} left out
        </li>
        <li>
          <Insertion word="word" reference={reference} /> extra: a word the {reference.noun} does not have
        </li>
      </ul>
      <p>
        Compared as the agreement figures are{standardized ? ", after the project's transcript rules," : ""} ignoring letter case, punctuation and filler spellings (um, umm). WER: substituted, missing and extra
        words over the {reference.noun}&apos;s words.
      </p>
    </div>
  );
}

interface Comparison {
  task: Task;
  referenceText: string;
  referenceLabel: string;
  rows: { labeler: LabelerAnswer; aligned: AlignedWord[]; wer: number; errors: number; words: number }[];
}

function compare(task: Task, labelers: readonly LabelerAnswer[], consensus: readonly ResultEntry[] | null, standardization: Standardization, against: Reference): Comparison | null {
  const texts = labelers.map((labeler) => standardizeTranscript(taskTranscript(labeler.entries, task), standardization.transcriptRules));
  if (!texts.some(Boolean)) return null;
  // The consensus was computed from standardized transcripts already; without one yet, the medoid of these.
  const referenceText = consensus ? taskTranscript(consensus, task) : (transcriptConsensus(texts, { rules: DEFAULT_NORMALISATION }).medoidText ?? "");
  const referenceLabel = against.label ?? (!consensus ? "Medoid of these transcripts (no consensus yet)" : task.type === "transcript" ? "Consensus (the medoid transcript)" : "Consensus (its segments' transcripts)");
  const rows = labelers.flatMap((labeler, index) => {
    if (!texts[index]) return [];
    const aligned = alignWords(referenceText, texts[index], DEFAULT_NORMALISATION);
    const counts = alignmentCountsOf(aligned);
    const { wer } = ratesFromCounts(counts);
    return [{ labeler, aligned, wer, errors: counts.substitutions + counts.deletions + counts.insertions, words: counts.hits + counts.substitutions + counts.deletions }];
  });
  return { task, referenceText, referenceLabel, rows };
}

/** Every transcribed task's transcripts beside its consensus (or the `reference` named), with the differences marked. */
export function TranscriptComparison({
  tasks,
  labelers,
  consensus,
  standardization,
  reference = CONSENSUS,
}: {
  tasks: readonly Task[];
  labelers: readonly LabelerAnswer[];
  consensus: readonly ResultEntry[] | null;
  standardization: Standardization;
  reference?: Reference;
}) {
  const comparisons = useMemo(() => tasks.filter(transcribed).flatMap((task) => compare(task, labelers, consensus, standardization, reference) ?? []), [tasks, labelers, consensus, standardization, reference]);
  if (!comparisons.length) return null;
  return (
    <div className="space-y-3">
      {comparisons.map(({ task, referenceText, referenceLabel, rows }) => (
        <table key={task.key} className="w-full text-sm" aria-label={`Transcripts: ${task.key}`}>
          <caption className="pb-1 text-left text-sm font-semibold">Transcripts: {task.key}</caption>
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className="w-40 py-1 font-medium">
                Who
              </th>
              <th scope="col" className="w-36 font-medium">
                WER against the {reference.noun}
              </th>
              <th scope="col" className="font-medium">
                Transcript
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-t border-slate-200 bg-slate-50 align-top" data-row="consensus">
              <th scope="row" className="py-1.5 pr-2 text-left text-xs font-medium text-slate-700">
                {referenceLabel}
              </th>
              <td />
              <td className="py-1.5 font-medium text-slate-900">{referenceText || <span className="text-slate-500 italic">no words</span>}</td>
            </tr>
            {rows.map(({ labeler, aligned, wer, errors, words }) => (
              <tr key={labeler.key} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1.5 pr-2 text-left text-xs font-medium text-slate-700">
                  <span className="mr-1.5 inline-block h-3 w-3 rounded-sm align-middle" style={{ background: labeler.color }} aria-hidden />
                  {labeler.name}
                </th>
                <td className="py-1.5 pr-2 text-xs text-slate-700 tabular-nums">
                  <span className="font-semibold">{wer.toFixed(2)}</span>
                  <span className="block whitespace-nowrap text-slate-500">
                    {errors} error{errors === 1 ? "" : "s"} / {words} word{words === 1 ? "" : "s"}
                  </span>
                </td>
                <td className="py-1.5 leading-7">
                  <AlignedTranscript aligned={aligned} reference={reference} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <Legend standardized={standardization.transcriptRules.length > 0} reference={reference} />
    </div>
  );
}
