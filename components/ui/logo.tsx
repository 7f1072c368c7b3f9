/** Concord's mark: overlapping labels that agree. */
export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900 ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6">
        <circle cx="9" cy="12" r="6.5" fill="none" stroke="#3b6cf6" strokeWidth="2.2" />
        <circle cx="15" cy="12" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
      </svg>
      Concord
    </span>
  );
}
