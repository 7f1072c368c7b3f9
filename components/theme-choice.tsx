"use client";
// The theme choice in the account menu: the system's setting, light or dark, kept in this browser.
import { useEffect, useState } from "react";
import { applyStoredTheme, THEME_CHOICES, THEME_STORAGE_KEY, themeChoice, type ThemeChoice } from "@/lib/theme";

const NAMES: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

/** While the page is open, a change of the system's setting applies at once (when the choice is to follow it). */
export function useSystemTheme() {
  useEffect(() => {
    const system = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyStoredTheme(THEME_STORAGE_KEY);
    system.addEventListener("change", follow);
    return () => system.removeEventListener("change", follow);
  }, []);
}

export function ThemeChoiceMenuItems() {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => setChoice(themeChoice(localStorage.getItem(THEME_STORAGE_KEY))), []);
  const choose = (next: ThemeChoice) => {
    if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
    applyStoredTheme(THEME_STORAGE_KEY);
    setChoice(next);
  };
  return (
    <div role="group" aria-label="Theme" className="border-t border-slate-100 px-4 py-2">
      <p className="text-xs text-slate-600">Theme</p>
      <div className="mt-1 flex gap-1">
        {THEME_CHOICES.map((option) => (
          <button
            key={option}
            type="button"
            role="menuitemradio"
            aria-checked={choice === option}
            aria-label={`${NAMES[option]} theme`}
            onClick={() => choose(option)}
            className={`flex-1 rounded-md border px-2 py-1 text-xs ${choice === option ? "border-brand-600 bg-brand-50 font-medium text-brand-700" : "border-slate-200 text-slate-700 hover:bg-slate-50"}`}
          >
            {NAMES[option]}
          </button>
        ))}
      </div>
    </div>
  );
}
