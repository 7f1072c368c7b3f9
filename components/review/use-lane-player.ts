"use client";
// Plays one lane of the review's audio at a time: only the stretches its segments cover, skipping the gaps,
// and stops after the last (or when the player is paused or another lane is played).
import { useEffect, useState } from "react";
import type WaveSurfer from "wavesurfer.js";
import { laneSpans, laneStep, type Span } from "@/lib/audio/lane-playback";

export function useLanePlayer(wavesurfer: WaveSurfer | null) {
  const [playing, setPlaying] = useState<{ key: string; spans: Span[] } | null>(null);
  useEffect(() => {
    if (!wavesurfer || !playing?.spans.length) return;
    const follow = (time: number) => {
      const step = laneStep(playing.spans, time);
      if (step.action === "seek") wavesurfer.setTime(step.to);
      else if (step.action === "stop") wavesurfer.pause();
    };
    const stops = [wavesurfer.on("timeupdate", follow), wavesurfer.on("pause", () => setPlaying(null))];
    wavesurfer.setTime(playing.spans[0]!.start);
    void wavesurfer.play();
    return () => stops.forEach((stop) => stop());
  }, [wavesurfer, playing]);
  return {
    /** The key of the lane (or segment) playing, if any. */
    playing: playing?.key ?? null,
    /** Plays `segments` under `key`, or stops if that key is playing already. */
    toggle: (key: string, segments: readonly Span[]) => {
      if (playing?.key === key) wavesurfer?.pause();
      else setPlaying({ key, spans: laneSpans(segments) });
    },
  };
}
