import type { ReactNode } from "react";

/** A plain settings-page table: a header row (empty strings for action columns), then the rows. */
export function SimpleTable({ headers, children }: { headers: string[]; children: ReactNode }) {
  return (
    <table className="w-full rounded border border-slate-200 bg-white text-sm">
      <thead className="bg-slate-100 text-left">
        <tr>
          {headers.map((h, i) => (
            <th key={i} className="p-2">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
