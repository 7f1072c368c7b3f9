// What a refused draft save, submit or skip means to the labeler, in words and in their own clock:
// the server sends times as ISO instants in the error's details, the browser says them in local time.

/** A refused request as the API client reports it. */
export interface RefusedRequest {
  status: number;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * What the labeler is told, and what they can do about it: load the task's newer version (another tab
 * saved it), or ask for a task again (the lease is gone).
 */
export interface TaskMessage {
  text: string;
  action: "load-newer-version" | "ask-again" | null;
}

/** Whether a refusal is final for this answer (a conflict, or the assignment is gone): retrying would be refused the same way. */
export function isFinalRefusal(status: number): boolean {
  return status === 409 || status === 404;
}

/**
 * An instant as the labeler's clock shows it: the time alone on the same day, with the date otherwise
 * ("14:32", "3 Mar, 14:32" in en-GB). `timeZone` and `locale` default to the browser's.
 */
export function localTime(iso: string, now: Date, { timeZone, locale }: { timeZone?: string; locale?: string } = {}): string {
  const instant = new Date(iso);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const sameDay = day.format(instant) === day.format(now);
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", ...(sameDay ? {} : { day: "numeric", month: "short" }) }).format(instant);
}

/** The message for a refused request; `time` turns the server's ISO instants into the labeler's local time. */
export function taskMessage(refused: RefusedRequest, time: (iso: string) => string): TaskMessage {
  const { status, details } = refused;
  if (status === 409 && typeof details?.draftVersion === "number") {
    return {
      text: "This task changed in another tab. Your answer here stays on screen but is no longer saved. Load the newer version to go on from it (copy this answer first if you want to keep it).",
      action: "load-newer-version",
    };
  }
  if (status === 409 && typeof details?.expiredAt === "string") {
    return {
      text: `Your lease on this item ended at ${time(details.expiredAt)} (your time), and the item may have gone to someone else. Your answer is still here: copy it, then ask for a task again.`,
      action: "ask-again",
    };
  }
  if (status === 404) {
    return {
      text: "This item is no longer yours to label (it was removed, or you were removed from the project). Your answer is still here: copy it if you need it.",
      action: "ask-again",
    };
  }
  // Other conflicts (the item was skipped, or submitted at the same moment) will not pass by retrying.
  return { text: refused.message, action: isFinalRefusal(status) ? "ask-again" : null };
}
