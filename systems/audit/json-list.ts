/**
 * A list column of the audit store (coordinates, response paths) as strings: the store keeps them
 * as JSON text. A value that is not such a list reads as empty, so one damaged row cannot stop a
 * read of the trail (audit:verify is what names damaged rows).
 */
export function jsonStringList(json: unknown): string[] {
  if (json === null || json === undefined) return [];
  try {
    const list = JSON.parse(String(json)) as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}
