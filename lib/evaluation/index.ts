// Evaluation of a model's predictions against the final labels, beside human-level performance (Concord issue 22).
export { auditSummary, DEFAULT_LEAST_SUPPORTED, DEFAULT_RARE_SHARE, DEFAULT_WORST_SLICES, type AuditOptions, type AuditSlice, type AuditSlicing, type AuditSummary, type RareClass } from "./audit";
export { AveragePrecision50, MAX_DETECTIONS_PER_ITEM, type ScoredShape } from "./average-precision";
export { resultAgreement } from "./result-agreement";
export { createEvaluator, DEFAULT_CONFIDENCE_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED, NO_VALUE, SLICE_CROSS, UNTAGGED } from "./evaluator";
export { PoissonWeights, RatioBootstrap, poissonOneByInversion, type RatioPair } from "./poisson-bootstrap";
export { PRIORITIZATION_CSV_HEADER, prioritizationCsv, prioritizationRows, sliceId, type PrioritizationRow, type RowJudgement } from "./prioritization";
export { WATCH_LIST_SAMPLE_ITEMS, WatchListTally } from "./watch-list";
export type * from "./types";
