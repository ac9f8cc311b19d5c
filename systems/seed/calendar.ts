/**
 * The generated history ends at a fixed date (not "now"), so the same seed gives
 * the same data on every run.
 */
export const DEFAULT_AS_OF = '2026-11-01';

/** The OLTP keeps two years; anything older lives in the archive. */
const OLTP_RETENTION_MONTHS = 24;

const DAY_MS = 86_400_000;

export class Calendar {
  readonly asOf: Date;
  readonly retentionCutoff: Date;
  readonly historyStart = new Date(Date.UTC(2016, 0, 1));

  constructor(asOf: string = DEFAULT_AS_OF) {
    this.asOf = new Date(`${asOf}T00:00:00Z`);
    this.retentionCutoff = addMonths(this.asOf, -OLTP_RETENTION_MONTHS);
  }

  /** A moment between `from` and the end of the history, as a fraction of that span. */
  between(from: Date, fraction: number, to: Date = this.asOf): Date {
    const span = Math.max(0, to.getTime() - from.getTime());
    return new Date(from.getTime() + Math.floor((span * fraction) / 60_000) * 60_000);
  }

  isArchived(moment: Date): boolean {
    return moment < this.retentionCutoff;
  }

  /** The first days of the months covered by the warehouse facts, oldest first. */
  factMonths(): Date[] {
    const months: Date[] = [];
    for (let back = OLTP_RETENTION_MONTHS; back >= 1; back--) months.push(addMonths(startOfMonth(this.asOf), -back));
    return months;
  }
}

export function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function startOfMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** `YYYY-MM-DD HH:MM:SS`, accepted by MySQL DATETIME and sortable as text in SQLite. */
export function sqlDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function sqlDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Warehouse month key, e.g. 202611. */
export function monthKey(date: Date): number {
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1;
}
