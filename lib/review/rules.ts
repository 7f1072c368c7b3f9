// A project's review rules, apart from the flag logic so that project validation can use them
// without importing what depends on project validation.
import { z } from "zod";

const share = z.number().min(0).max(1);

/** When an item goes to review. Every field has a default: `flagRulesSchema.parse({})` gives Concord's rules. */
export const flagRulesSchema = z
  .object({
    /** Least share of the answering labelers who give a classification task's majority answer. */
    minClassAgreement: share.default(0.67),
    /** Least mean matched F1 between labelers' boxes or polygons (item agreement's meanF1). */
    minShapeF1: share.default(0.7),
    /** Least mean matched F1 between labelers' segments. */
    minSegmentF1: share.default(0.7),
    /**
     * Largest WER of the medoid transcript against the others, averaged (item agreement's meanWer), and of the
     * transcripts on matched segments (a segment task's transcriptWer); WER can exceed 1.
     */
    maxTranscriptWer: z.number().min(0).default(0.25),
    /** Least confidence of a task's consensus (vote share, or mean support of its shapes or segments). */
    minConsensusConfidence: share.default(0.6),
    /** Flag a vote for a task's uncertainty class, an entry marked uncertain, and "[unintelligible]" in a transcript. */
    flagUncertainty: z.boolean().default(true),
    /** Flag answers tied for the most votes (a classification, or the label of a consensus shape). */
    flagTies: z.boolean().default(true),
    /** A disputed item first asks for one more labeler, up to the project's maxOverlap, before review. */
    escalate: z.boolean().default(true),
  })
  .strict();
export type FlagRules = z.output<typeof flagRulesSchema>;

/** Why an item goes to review (lib/review/flags.ts gives each with its figures). */
export const FLAG_REASON_CODES = [
  "low-agreement",
  "tie",
  "low-confidence",
  "model-disagrees",
  "uncertainty-vote",
  "marked-uncertain",
  "unintelligible",
  "guidelines-unclear",
  // An item that asked for more labels and cannot get them: nobody eligible is left, it waited too long, or the
  // project's maximum of labelers was lowered below what it asked for.
  "no-labeler-left",
  "waited-too-long",
  "max-overlap-lowered",
] as const;
