import type { ReactNode } from 'react';

/** One column heading of a DataTable; `num` right-aligns a column of figures. */
export interface DataColumn {
  label: string;
  num?: boolean;
}

/**
 * The app's data table: a caption for screen readers, a row of column headings, and the
 * rows the screen draws (`<tr>` elements). On a narrow window the table scrolls sideways in
 * its own box (focusable, so it scrolls from the keyboard too) rather than widening the page.
 */
export function DataTable({ caption, columns, children }: { caption: string; columns: DataColumn[]; children: ReactNode }) {
  return (
    // The wrapper scrolls a wide table sideways on a phone; the page itself never does.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
