import { useId, type InputHTMLAttributes } from "react";

/** A labelled input; `problem`, what is wrong with its value, shows under it and is read with it. */
export function TextField({ label, problem, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; problem?: string | null }) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-invalid:border-red-500"
        {...(problem ? { "aria-invalid": true, "aria-describedby": problemId } : {})}
        {...props}
      />
      {problem ? (
        <p id={problemId} className="text-xs text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
