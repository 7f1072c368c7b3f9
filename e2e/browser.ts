// Which Chromium the end-to-end tests drive: CONCORD_CHROMIUM, else Playwright's own if installed,
// else the system's. Playwright cannot always download its browser (closed networks), so a system
// Chromium (Debian: apt-get install chromium) is a first-class choice.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium(): string | undefined {
  const configured = process.env.CONCORD_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : undefined;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  return SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
}

/** Flags for a headless run on a server: no sandbox as root, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
