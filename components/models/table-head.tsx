// The header row the Models page's tables share: small grey column names, left-aligned.
import type { ReactNode } from "react";

/** Column names; a null leaves a column without one (a status column). */
export function TableHead({ columns }: { columns: (ReactNode | null)[] }) {
  return (
    <thead className="text-left text-xs text-slate-500">
      <tr>
        {columns.map((column, index) => (
          <th key={index} className="py-1 pr-4 font-medium">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
