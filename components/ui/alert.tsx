import type { ReactNode } from "react";

const TONES = { error: "bg-red-50 text-red-700", success: "bg-emerald-50 text-emerald-800", info: "bg-brand-50 text-brand-700" } as const;

export function Alert({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${TONES[tone]}`}>
      {children}
    </div>
  );
}
