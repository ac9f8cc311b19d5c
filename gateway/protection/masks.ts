import type { MaskStyle } from '../../policy/field-rules';

/** How each mask style shows a value partially; null stays null. */
export const MASKS: Record<MaskStyle, (value: string) => string> = {
  EMAIL: (value) => {
    const at = value.indexOf('@');
    return at > 0 ? `${value[0]}***${value.slice(at)}` : '***';
  },
  PHONE: (value) => `•••• ${value.replace(/\D/g, '').slice(-4)}`,
  CARD: (value) => `•••• ${value.replace(/\D/g, '').slice(-4)}`,
  IBAN: (value) => {
    const compact = value.replace(/\s/g, '');
    return `${compact.slice(0, 2)}•• •••• ${compact.slice(-4)}`;
  },
  POSTAL_LINE: (value) => (value ? `${value[0]}***` : value),
};

export function mask(style: MaskStyle, value: unknown): unknown {
  return typeof value === 'string' ? MASKS[style](value) : value;
}
