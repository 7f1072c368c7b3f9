// The colour theme: the choice (the system's setting by default, or light or dark) is kept in localStorage and applied
// as <html class="dark">, which app/globals.css turns into the dark palette.

export const THEME_CHOICES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** localStorage key of the choice; absent means "system". */
export const THEME_STORAGE_KEY = "concord-theme";

export function themeChoice(stored: string | null): ThemeChoice {
  return (THEME_CHOICES as readonly string[]).includes(stored ?? "") ? (stored as ThemeChoice) : "system";
}

/** Whether the page is dark: chosen so, or following a system that is. */
export function isDark(choice: ThemeChoice, systemPrefersDark: boolean): boolean {
  return choice === "dark" || (choice === "system" && systemPrefersDark);
}

/**
 * Applies the stored choice to <html>. Self-contained (no imports, no closures): its source also runs as the inline
 * script in the page's <head>, before the first paint, so that a dark page never flashes light.
 */
export function applyStoredTheme(key: string): void {
  try {
    const stored = localStorage.getItem(key);
    const choice = stored === "light" || stored === "dark" ? stored : "system";
    const dark = choice === "dark" || (choice === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
    document.documentElement.dataset.theme = choice;
  } catch {
    // Storage refused (private mode, a policy): the light theme stays.
  }
}

/** The inline script of app/layout.tsx. */
export const THEME_SCRIPT = `(${applyStoredTheme.toString()})(${JSON.stringify(THEME_STORAGE_KEY)})`;
