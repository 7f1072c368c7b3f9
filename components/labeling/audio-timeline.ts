"use client";
// wavesurfer's timeline with m:ss labels at every zoom: its own default labels bare seconds under a minute and
// never goes below a second, and its spacing is fixed when it is created, so a new one replaces it when the
// zoom calls for another spacing.
import type WaveSurfer from "wavesurfer.js";
import TimelinePlugin from "wavesurfer.js/dist/plugins/timeline.js";
import { formatClock, timelineScale } from "@/lib/audio/timeline";

/** Puts an m:ss timeline under `wavesurfer` that follows its zoom; returns what stops following. */
export function followZoomWithTimeline(wavesurfer: WaveSurfer, height = 18): () => void {
  let shown: { labelEvery: number; plugin: ReturnType<typeof TimelinePlugin.create> } | null = null;
  const update = () => {
    const duration = wavesurfer.getDuration();
    const width = wavesurfer.getWrapper().scrollWidth;
    if (!duration || !width) return;
    const scale = timelineScale(width / duration, duration);
    if (shown?.labelEvery === scale.primaryLabelInterval) return;
    if (shown) wavesurfer.unregisterPlugin(shown.plugin);
    const plugin = TimelinePlugin.create({
      height,
      timeInterval: scale.timeInterval,
      primaryLabelInterval: scale.primaryLabelInterval,
      // Every label is a primary one, at full contrast.
      secondaryLabelInterval: scale.primaryLabelInterval,
      formatTimeCallback: (seconds) => formatClock(seconds, scale.decimals),
    });
    shown = { labelEvery: scale.primaryLabelInterval, plugin: wavesurfer.registerPlugin(plugin) };
  };
  update();
  return wavesurfer.on("redraw", update);
}
