import type { MaskStyle } from '../../policy/field-rules';

/** What a value becomes when nothing of it may be shown. */
const HIDDEN = '••••';

/** At most this many trailing digits of a card or phone number are shown. */
const MAX_TRAILING_DIGITS = 4;

/**
 * How each mask style shows a value partially. Every style shows strictly less than the
 * value: a short value shows at most half of its digits or characters, down to nothing.
 */
const STYLES: Record<MaskStyle, (value: string) => string> = {
  EMAIL: (value) => {
    const at = value.indexOf('@');
    const local = value.slice(0, at).trim();
    if (at < 0 || local === '') return HIDDEN;
    // The first character only when the local part has more: "j@example.com" shows no "j".
    return `${characters(local) >= 2 ? firstCharacter(local) : ''}***${value.slice(at)}`;
  },
  PHONE: (value) => trailingDigits(value),
  CARD: (value) => trailingDigits(value),
  IBAN: (value) => {
    const compact = Array.from(value.replace(/\s/g, ''));
    // Country code and last four only when that is well under half of it (IBANs have 15–34).
    if (compact.length >= 12) return `${compact.slice(0, 2).join('')}•• •••• ${compact.slice(-4).join('')}`;
    const shown = Math.min(MAX_TRAILING_DIGITS, Math.floor(compact.length / 2));
    return shown > 0 ? `${HIDDEN} ${compact.slice(-shown).join('')}` : HIDDEN;
  },
  POSTAL_LINE: (value) => {
    const text = value.trim();
    return characters(text) >= 2 ? `${firstCharacter(text)}***` : HIDDEN;
  },
};

/** The last digits, at most four and at most half of them: "6783" shows "83". */
function trailingDigits(value: string): string {
  const digits = value.replace(/\D/g, '');
  const shown = Math.min(MAX_TRAILING_DIGITS, Math.floor(digits.length / 2));
  return shown > 0 ? `${HIDDEN} ${digits.slice(-shown)}` : HIDDEN;
}

function characters(text: string): number {
  return Array.from(text).length;
}

function firstCharacter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0)!);
}

/** Shows `value` partially in the given style; anything but a string (null) stays as it is. */
export function mask(style: MaskStyle, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const masked = STYLES[style](value);
  // A stored value that already looks masked ("••••", "j***@example.com") still changes.
  if (masked !== value) return masked;
  return value === HIDDEN ? '****' : HIDDEN;
}
