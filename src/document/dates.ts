/** Effective dates as policies write them (`版本生效日期：2021年11月15日`, `Last updated August 28th, 2023`). */

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const LEAD = String.raw`(?:生效日期|生效时间|更新日期|更新时间|发布日期|修订日期|版本日期|effective(?:\s+date)?|last\s+(?:updated|modified|revised)|updated)`;
const NUMERIC = new RegExp(
  String.raw`${LEAD}[\s:：]*(?:on\s+)?(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})`,
  'i',
);
const CN_EFFECTIVE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?(?:生效|施行|实施)/;
const ENGLISH = new RegExp(
  String.raw`${LEAD}[\s:：]*(?:on\s+)?(${MONTHS.join('|')})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`,
  'i',
);

function iso(year: string, month: string | number, day: string): string | undefined {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first effective / last-updated date the text states, as `YYYY-MM-DD`. */
export function findEffectiveDate(text: string): string | undefined {
  const numeric = NUMERIC.exec(text) ?? CN_EFFECTIVE.exec(text);
  const english = ENGLISH.exec(text);
  if (numeric && (!english || numeric.index <= english.index))
    return iso(numeric[1]!, numeric[2]!, numeric[3]!);
  if (english) return iso(english[3]!, MONTHS.indexOf(english[1]!.toLowerCase()) + 1, english[2]!);
  return undefined;
}

/** `YYYY-MM-DD` from a metadata value (`2026-05-04`, `2026-05-04T00:00:00Z`, `2026/5/4`). */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(value.trim());
  return match ? iso(match[1]!, match[2]!, match[3]!) : undefined;
}
