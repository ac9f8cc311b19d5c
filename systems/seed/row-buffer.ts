export type Row = Record<string, string | number | boolean | null>;

/** Rows waiting to be inserted, grouped by table in first-seen order. */
export class RowBuffer {
  private readonly tables = new Map<string, Row[]>();

  add(table: string, row: Row): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = []));
    rows.push(row);
  }

  entries(): Array<[string, Row[]]> {
    return [...this.tables.entries()];
  }

  get size(): number {
    let total = 0;
    for (const rows of this.tables.values()) total += rows.length;
    return total;
  }
}

/** One buffer per system of record. */
export interface SystemBuffers {
  oltp: RowBuffer;
  archive: RowBuffer;
  warehouse: RowBuffer;
}

export function emptyBuffers(): SystemBuffers {
  return { oltp: new RowBuffer(), archive: new RowBuffer(), warehouse: new RowBuffer() };
}
