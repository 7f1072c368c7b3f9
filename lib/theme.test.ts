import { describe, expect, it } from "vitest";
import { isDark, THEME_SCRIPT, themeChoice } from "./theme";

describe("theme", () => {
  it("follows the system unless light or dark was chosen", () => {
    expect([isDark("system", true), isDark("system", false)]).toEqual([true, false]);
    expect([isDark("light", true), isDark("dark", false)]).toEqual([false, true]);
  });

  it("reads a stored choice, anything else as the system's", () => {
    expect(["dark", "light", "system", null, "purple"].map(themeChoice)).toEqual(["dark", "light", "system", "system", "system"]);
  });

  it("makes an inline script that applies the stored choice on its own, before anything else has loaded", () => {
    const run = (stored: string | null, systemDark: boolean) => {
      const classes = new Set<string>();
      const html = { classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) }, dataset: {} as Record<string, string> };
      const storage = { getItem: (key: string) => (key === "concord-theme" ? stored : null) };
      new Function("localStorage", "matchMedia", "document", THEME_SCRIPT)(storage, () => ({ matches: systemDark }), { documentElement: html });
      return [classes.has("dark"), html.dataset.theme];
    };
    expect(run(null, true)).toEqual([true, "system"]);
    expect(run("light", true)).toEqual([false, "light"]);
    expect(run("dark", false)).toEqual([true, "dark"]);
  });
});
