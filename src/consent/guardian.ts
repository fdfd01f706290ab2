/**
 * Minors (PIPL art. 31): the personal information of a child under 14 is processed only with the
 * consent of a parent or guardian. These rules say who decides; the elements ask for a date of birth
 * and switch to the guardian's flow when it says so.
 */

/** The separate consent a guardian gives to the rules for processing a child's information. */
export const CHILDREN_PURPOSE = 'children';

/** PIPL art. 31: under 14 is a child whose guardian consents. Hosts may set a higher age. */
export const DEFAULT_MINOR_AGE = 14;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`YYYY-MM-DD`, as `<input type="date">` gives it), or undefined when it is not a real date. */
export function parseBirthDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return { year, month, day };
}

/** Full years of age on `today` (local calendar); undefined for a date that is not real or lies ahead. */
export function ageOn(birthDate: string, today: Date = new Date()): number | undefined {
  const born = parseBirthDate(birthDate);
  if (!born) return undefined;
  const [year, month, day] = [today.getFullYear(), today.getMonth() + 1, today.getDate()];
  const age = year - born.year - (month < born.month || (month === born.month && day < born.day) ? 1 : 0);
  return age >= 0 ? age : undefined;
}

/** Who decides for someone born on `birthDate`: `guardian` under `minorAge`, `self` from it, undefined when unknown. */
export function deciderFor(
  birthDate: string,
  minorAge: number = DEFAULT_MINOR_AGE,
  today: Date = new Date(),
): 'self' | 'guardian' | undefined {
  const age = ageOn(birthDate, today);
  if (age === undefined) return undefined;
  return age < minorAge ? 'guardian' : 'self';
}
