/**
 * The notice PIPL art. 39 asks for before personal information goes abroad, written from the host's
 * description of the overseas recipient. It becomes a Markdown policy document like any other, so
 * the dialog shows it and the receipt's document hash covers exactly what was shown.
 */
import { PolicyDocumentError } from './errors.js';

/** The overseas recipient, as the host describes it (in the language of the page). */
export interface CrossBorderRecipient {
  /** The recipient's name. */
  name: string;
  /** Country or region where it processes the information. */
  country: string;
  /** How to reach it (address, email, phone). */
  contact: string;
  /** Why it receives the information. */
  purposes: string[];
  /** How it processes the information (storage, analysis…). */
  methods?: string;
  /** Categories of personal information transferred. */
  categories: string[];
  /** How long it keeps the information. */
  retention?: string;
  /** How a person exercises their rights against the recipient. */
  rights: string;
}

/** Headings and introduction of the notice, in the language shown (from the i18n tables). */
export interface CrossBorderLabels {
  title: string;
  intro: string;
  name: string;
  country: string;
  contact: string;
  purposes: string;
  methods: string;
  categories: string;
  retention: string;
  rights: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every(isText);

/** Throws `invalid-format` naming every field of `value` that does not describe a recipient. */
export function checkRecipient(value: unknown): asserts value is CrossBorderRecipient {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyDocumentError('invalid-format', 'the cross-border recipient must be an object');
  }
  const recipient = value as Record<string, unknown>;
  for (const key of ['name', 'country', 'contact', 'rights'])
    if (!isText(recipient[key])) problems.push(`${key} must be a non-empty string`);
  for (const key of ['purposes', 'categories'])
    if (!isTextList(recipient[key])) problems.push(`${key} must be a non-empty list of strings`);
  for (const key of ['methods', 'retention'])
    if (recipient[key] !== undefined && !isText(recipient[key]))
      problems.push(`${key} must be a non-empty string when given`);
  if (problems.length)
    throw new PolicyDocumentError('invalid-format', `cross-border recipient: ${problems.join('; ')}`);
}

/** Host text as literal Markdown: no emphasis, links, HTML or headings can come from it. */
function literal(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (char) => `\\${char}`);
}

/** The notice as Markdown: a section per fact PIPL art. 39 names, in a fixed order. */
export function crossBorderNotice(recipient: CrossBorderRecipient, labels: CrossBorderLabels): string {
  checkRecipient(recipient);
  const section = (heading: string, body: string) => `## ${literal(heading)}\n\n${body}\n`;
  const list = (items: string[]) => items.map((item) => `- ${literal(item)}`).join('\n');
  return [
    `# ${literal(labels.title)}\n`,
    `${literal(labels.intro)}\n`,
    section(labels.name, literal(recipient.name)),
    section(labels.country, literal(recipient.country)),
    section(labels.contact, literal(recipient.contact)),
    section(labels.purposes, list(recipient.purposes)),
    ...(recipient.methods ? [section(labels.methods, literal(recipient.methods))] : []),
    section(labels.categories, list(recipient.categories)),
    ...(recipient.retention ? [section(labels.retention, literal(recipient.retention))] : []),
    section(labels.rights, literal(recipient.rights)),
  ].join('\n');
}
