import type { Rating } from "./ratings";

/**
 * Table 1 of Dawid & Skene (1979): pre-operative fitness of 45 patients graded 1–4 by five anaesthetists;
 * anaesthetist 1 graded every patient three times. Row p lists, for patient p + 1, the grades of anaesthetists
 * 1 to 5 (anaesthetist 1's three grades first). Transcribed from the tables in dallascard/dawid_skene
 * (dawid_skene.py, generate_sample_data) and x-lin/consensusalgorithms (DawidSkeneAlgorithmTest.java, RAW_DATA),
 * which agree.
 */
const GRADES_BY_PATIENT: readonly (readonly [[number, number, number], number, number, number, number])[] = [
  [[1, 1, 1], 1, 1, 1, 1],
  [[3, 3, 3], 4, 3, 3, 4],
  [[1, 1, 2], 2, 1, 2, 2],
  [[2, 2, 2], 3, 1, 2, 1],
  [[2, 2, 2], 3, 2, 2, 2],
  [[2, 2, 2], 3, 3, 2, 2],
  [[1, 2, 2], 2, 1, 1, 1],
  [[3, 3, 3], 3, 4, 3, 3],
  [[2, 2, 2], 2, 2, 2, 3],
  [[2, 3, 2], 2, 2, 2, 3],
  [[4, 4, 4], 4, 4, 4, 4],
  [[2, 2, 2], 3, 3, 4, 3],
  [[1, 1, 1], 1, 1, 1, 1],
  [[2, 2, 2], 3, 2, 1, 2],
  [[1, 2, 1], 1, 1, 1, 1],
  [[1, 1, 1], 2, 1, 1, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[2, 2, 2], 2, 2, 2, 1],
  [[2, 2, 2], 1, 3, 2, 2],
  [[2, 2, 2], 2, 2, 2, 2],
  [[2, 2, 2], 2, 2, 2, 1],
  [[2, 2, 2], 3, 2, 2, 2],
  [[2, 2, 1], 2, 2, 2, 2],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[2, 3, 2], 2, 2, 2, 2],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 1, 2], 1, 1, 2, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[3, 3, 3], 3, 2, 3, 3],
  [[1, 1, 1], 1, 1, 1, 1],
  [[2, 2, 2], 2, 2, 2, 2],
  [[2, 2, 2], 3, 2, 3, 2],
  [[4, 3, 3], 4, 3, 4, 3],
  [[2, 2, 1], 2, 2, 3, 2],
  [[2, 3, 2], 3, 2, 3, 3],
  [[3, 3, 3], 3, 4, 3, 2],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 1, 1], 1, 1, 1, 1],
  [[1, 2, 1], 2, 1, 1, 1],
  [[2, 3, 2], 2, 2, 2, 2],
  [[1, 2, 1], 1, 1, 1, 1],
  [[2, 2, 2], 2, 2, 2, 2],
];

/** Patients are "1" … "45", anaesthetists "1" … "5", grades "1" … "4": 45 × 7 = 315 ratings. */
export const ANAESTHETIST_RATINGS: Rating[] = GRADES_BY_PATIENT.flatMap(([retest, ...others], p) =>
  [...retest.map((grade) => [1, grade]), ...others.map((grade, o) => [o + 2, grade])].map(([labeler, grade]) => ({
    item: String(p + 1),
    labeler: String(labeler),
    label: String(grade),
  })),
);
