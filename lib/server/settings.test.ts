import { describe, expect, it } from "vitest";
import { checkWholeNumberSettings, wholeNumberSetting } from "./settings";

describe("whole-number settings", () => {
  it("gives the default when unset or blank, and the number when it is a whole number in range", () => {
    expect(wholeNumberSetting("CONCORD_MAX_UPLOAD_BYTES", {})).toBe(1024 ** 3);
    expect(wholeNumberSetting("CONCORD_MAX_UPLOAD_BYTES", { CONCORD_MAX_UPLOAD_BYTES: "  " })).toBe(1024 ** 3);
    expect(wholeNumberSetting("CONCORD_MAX_UPLOAD_BYTES", { CONCORD_MAX_UPLOAD_BYTES: " 50000 " })).toBe(50_000);
    expect(wholeNumberSetting("CONCORD_TRUSTED_PROXIES", { CONCORD_TRUSTED_PROXIES: "0" })).toBe(0);
  });

  // Before, Number("1GB") was NaN: no size compared with it was larger, so every upload was taken whatever its size.
  it("refuses a size with a unit, a fraction or a number out of range, naming the setting", () => {
    expect(() => wholeNumberSetting("CONCORD_MAX_UPLOAD_BYTES", { CONCORD_MAX_UPLOAD_BYTES: "1GB" })).toThrow('CONCORD_MAX_UPLOAD_BYTES must be a whole number of bytes; got "1GB"');
    expect(() => wholeNumberSetting("CONCORD_LEASE_MINUTES", { CONCORD_LEASE_MINUTES: "0.5" })).toThrow('CONCORD_LEASE_MINUTES must be a whole number of minutes from 1 to 10080; got "0.5"');
    expect(() => wholeNumberSetting("CONCORD_IDLE_SECONDS", { CONCORD_IDLE_SECONDS: "-1" })).toThrow('CONCORD_IDLE_SECONDS must be a whole number of seconds from 1 to 3600; got "-1"');
    expect(() => wholeNumberSetting("CONCORD_TRUSTED_PROXIES", { CONCORD_TRUSTED_PROXIES: "yes" })).toThrow('CONCORD_TRUSTED_PROXIES must be a whole number from 0 to 10; got "yes"');
    expect(() => checkWholeNumberSettings({ CONCORD_MAX_IMAGE_PIXELS: "many" })).toThrow('CONCORD_MAX_IMAGE_PIXELS must be a whole number of pixels; got "many"');
    expect(() => checkWholeNumberSettings({})).not.toThrow();
  });
});
