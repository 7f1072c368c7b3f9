"""Corpus-level WER and CER as jiwer computes them, ported to the standard library.

- jitsi/jiwer src/jiwer/measures.py wer and cer on lists of sentences, src/jiwer/process.py process_words and
  process_characters: every pair aligned by a minimum-edit (Levenshtein) alignment (rapidfuzz there, the textbook
  dynamic programme here: the number of edits S + D + I is the same for every minimum alignment), then
  WER = Σ (S + D + I) / Σ (H + S + D) over the pairs, that is Σ edits / Σ reference length.
- jiwer's default transforms: wer_default (RemoveMultipleSpaces, Strip, ReduceToListOfListOfWords, which splits on
  " ") and cer_default (Strip, ReduceToListOfListOfChars). jiwer refuses empty references, so the input has none.

Usage: jiwer_rates.py <input.json>, the input {"references": [...], "hypotheses": [...]}. Prints {"wer", "cer"}.
"""

import json
import re
import sys


def edits(reference, hypothesis):
    previous = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        current = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def words(sentence):
    return re.sub(r"\s\s+", " ", sentence).strip().split(" ") if sentence.strip() else []


def chars(sentence):
    return list(sentence.strip())


def rate(references, hypotheses, units):
    total_edits = total_length = 0
    for reference, hypothesis in zip(references, hypotheses):
        r, h = units(reference), units(hypothesis)
        if not r:
            raise ValueError("one or more references are empty strings")
        total_edits += edits(r, h)
        total_length += len(r)
    return total_edits / total_length


def main(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    references, hypotheses = data["references"], data["hypotheses"]
    print(json.dumps({"wer": rate(references, hypotheses, words), "cer": rate(references, hypotheses, chars)}))


if __name__ == "__main__":
    main(sys.argv[1])
