import { describe, expect, it } from "vitest";
import { isoTime, parseJson } from "./bulk-read";

describe("bulk-read values", () => {
  it("reads both drivers' timestamp text as the same ISO instant", () => {
    expect(isoTime("2026-01-01T10:00:00.120+00:00")).toBe("2026-01-01T10:00:00.120Z"); // SQLite, as Prisma writes it
    expect(isoTime("2026-01-01 10:00:00.12")).toBe("2026-01-01T10:00:00.120Z"); // PostgreSQL drops trailing zeros
    expect(isoTime("2026-01-01 10:00:00")).toBe("2026-01-01T10:00:00.000Z");
    expect(isoTime("2026-01-01 10:00:00.005")).toBe("2026-01-01T10:00:00.005Z");
    expect(isoTime("2026-01-01T12:00:00.000+02:00")).toBe("2026-01-01T10:00:00.000Z"); // any other offset: parsed
    expect(isoTime(null)).toBeNull();
  });

  it("parses JSON columns as either driver gives them; SQL NULL is null", () => {
    expect(parseJson('[{"task": "a", "values": ["x"]}]')).toEqual([{ task: "a", values: ["x"] }]);
    expect(parseJson(null)).toBeNull();
  });
});
