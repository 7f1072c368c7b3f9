import { describe, expect, it } from "vitest";
import { MAX_NOTCHES, MIN_LABEL_SPACING_PX, formatClock, timelineScale } from "./timeline";

describe("formatClock", () => {
  it("writes minutes and two-digit seconds, also under a minute and past an hour", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(5)).toBe("0:05");
    expect(formatClock(65)).toBe("1:05");
    expect(formatClock(5400)).toBe("90:00");
  });

  it("writes tenths and hundredths with the seconds still two digits", () => {
    expect(formatClock(5.25, 1)).toBe("0:05.3");
    expect(formatClock(65.04, 2)).toBe("1:05.04");
    expect(formatClock(0.1, 1)).toBe("0:00.1");
  });

  it("rounds before splitting minutes, so a time just under a minute never reads 0:60", () => {
    expect(formatClock(59.6)).toBe("1:00");
    expect(formatClock(59.96, 1)).toBe("1:00.0");
    expect(formatClock(119.999, 2)).toBe("2:00.00");
  });

  it("refuses a negative or non-finite time", () => {
    expect(() => formatClock(-1)).toThrow(RangeError);
    expect(() => formatClock(Number.NaN)).toThrow(RangeError);
  });
});

describe("timelineScale", () => {
  it("labels whole seconds as m:ss on a short clip fitted to the screen", () => {
    // 8 seconds across 800 pixels: 100 px a second, a label every second and a notch between two.
    expect(timelineScale(100, 8)).toEqual({ timeInterval: 0.5, primaryLabelInterval: 1, decimals: 0 });
  });

  it("labels tenths of a second, with a decimal, when zoomed in far", () => {
    expect(timelineScale(2000, 8)).toEqual({ timeInterval: 0.05, primaryLabelInterval: 0.1, decimals: 1 });
    expect(timelineScale(200, 8)).toEqual({ timeInterval: 0.25, primaryLabelInterval: 0.5, decimals: 1 });
  });

  it("labels minutes on an hour-long clip fitted to the screen", () => {
    // 3600 seconds across 900 pixels: a quarter pixel a second, a label every ten minutes.
    expect(timelineScale(0.25, 3600)).toEqual({ timeInterval: 300, primaryLabelInterval: 600, decimals: 0 });
  });

  it("falls back to the longest spacing when even an hour is too narrow for a label", () => {
    expect(timelineScale(0.001, 3600)).toEqual({ timeInterval: 1800, primaryLabelInterval: 3600, decimals: 0 });
  });

  it("keeps labels at least the minimum spacing apart at every zoom, with a notch halfway between two", () => {
    for (let pxPerSecond = 0.03; pxPerSecond <= 2000; pxPerSecond *= 1.3) {
      const scale = timelineScale(pxPerSecond, 60);
      expect(scale.primaryLabelInterval * pxPerSecond).toBeGreaterThanOrEqual(MIN_LABEL_SPACING_PX);
      expect(scale.primaryLabelInterval / scale.timeInterval).toBe(2);
    }
  });

  it("draws fewer notches, then fewer labels, on an hour-long clip zoomed in far", () => {
    // Labels every tenth of a second would be 36,000 of them: every fifth of a second, without notches between.
    expect(timelineScale(2000, 3600)).toEqual({ timeInterval: 0.2, primaryLabelInterval: 0.2, decimals: 1 });
    expect(3600 / timelineScale(2000, 3600).timeInterval).toBeLessThanOrEqual(MAX_NOTCHES);
  });
});
