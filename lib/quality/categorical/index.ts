// Categorical agreement: the public API. Helpers exported by the modules but not here are internal to this folder.
export type { Category, CategoryOptions, Rating, ReliabilityData } from "./ratings";
export { percentAgreement, type PercentAgreementResult } from "./percent-agreement";
export { cohenKappa, cohenKappaFromConfusion, type KappaOptions, type KappaResult, type KappaWeighting } from "./cohen-kappa";
export { fleissKappa, categoryCountsByUnit, type CategoryCounts, type FleissKappaResult } from "./fleiss-kappa";
export { krippendorffAlpha, type AlphaOptions, type AlphaResult, type MeasurementLevel } from "./krippendorff";
export { perClassAlpha, type ClassAlpha } from "./per-class";
export { BinaryCoincidences } from "./binary-alpha";
export { labelerAgreementMatrix, type LabelerAgreementMatrix } from "./labeler-matrix";
export { confusionAgainstReference, confusionBetweenLabelers, type ConfusionMatrix } from "./confusion";
export { bootstrapAlpha, bootstrapCohenKappa, type BootstrapOptions, type BootstrapResult, type ConfidenceInterval } from "./bootstrap";
