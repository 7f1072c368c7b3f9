import { describe, expect, it } from "vitest";
import { isFinalRefusal, localTime, taskMessage } from "./task-messages";

const berlin = { timeZone: "Europe/Berlin", locale: "en-GB" };

describe("local times", () => {
  it("says the time alone on the labeler's own day, with the date on another day", () => {
    expect(localTime("2026-03-03T13:32:00Z", new Date("2026-03-03T15:00:00Z"), berlin)).toBe("14:32");
    expect(localTime("2026-03-03T13:32:00Z", new Date("2026-03-04T10:00:00Z"), berlin)).toBe("3 Mar, 14:32");
    expect(localTime("2026-07-01T13:32:00Z", new Date("2026-07-01T15:00:00Z"), berlin)).toBe("15:32"); // summer time
  });

  it("decides the day in the labeler's time zone, not UTC's", () => {
    // 23:30 UTC on 3 March is 00:30 on 4 March in Berlin: the same day as 09:00 Berlin time on 4 March.
    expect(localTime("2026-03-03T23:30:00Z", new Date("2026-03-04T08:00:00Z"), berlin)).toBe("00:30");
    expect(localTime("2026-03-03T23:30:00Z", new Date("2026-03-04T08:00:00Z"), { timeZone: "UTC", locale: "en-GB" })).toBe("3 Mar, 23:30");
  });
});

describe("messages for refused saves and submits", () => {
  const time = (iso: string) => localTime(iso, new Date("2026-03-03T15:00:00Z"), berlin);

  it("offers the newer version when another tab saved", () => {
    const message = taskMessage({ status: 409, message: "This task changed in another tab (…)", details: { draftVersion: 4 } }, time);
    expect(message.action).toBe("load-newer-version");
    expect(message.text).toMatch(/^This task changed in another tab\. /);
  });

  it("says when the lease ended in the labeler's time, not the server's ISO instant", () => {
    const message = taskMessage({ status: 409, message: "Your lease on this item expired at 2026-03-03T13:32:00.000Z …", details: { expiredAt: "2026-03-03T13:32:00.000Z" } }, time);
    expect(message.text).toBe("Your lease on this item ended at 14:32 (your time), and the item may have gone to someone else. Your answer is still here: copy it, then ask for a task again.");
    expect(message.action).toBe("ask-again");
  });

  it("says an item that is gone is gone, and passes other refusals on as the server words them", () => {
    expect(taskMessage({ status: 404, message: "No such assignment." }, time)).toMatchObject({ action: "ask-again", text: expect.stringMatching(/^This item is no longer yours to label/) });
    expect(taskMessage({ status: 409, message: "You skipped this item; it is no longer yours to label." }, time)).toEqual({ text: "You skipped this item; it is no longer yours to label.", action: "ask-again" });
    expect(taskMessage({ status: 400, message: "result.0.values.0: not a class" }, time)).toEqual({ text: "result.0.values.0: not a class", action: null });
  });

  it("stops saving after a conflict or a gone assignment, and retries anything else", () => {
    expect([409, 404, 400, 500, 503].map(isFinalRefusal)).toEqual([true, true, false, false, false]);
  });
});
