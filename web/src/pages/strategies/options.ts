/**
 * The strategy editor's model: the option catalogue the server describes (GET /api/strategies/catalogue)
 * and the edits made to a strategy's option map. A key absent from the map is "not set": the strategy
 * leaves the client's own value alone. A key set to "" makes clients drop their value.
 */

export const SECTIONS = ['security', 'permissions', 'network', 'display', 'other'] as const;
export type OptionSection = (typeof SECTIONS)[number];

/** One entry of the catalogue, as the server sends it. */
export interface CatalogueOption {
  key: string;
  section: string;
  /** Where the client keeps it; only "settings" keys are sure to take effect from a push. */
  store: string;
  kind: string;
  description: string;
  /** What the client does without the key. */
  default: string;
  on?: string;
  values?: string[];
  /** enum: a name for each value (in English from the server). */
  labels?: Record<string, string>;
  min?: number;
  max?: number;
  maxLength?: number;
}

/** The control an option gets, from its kind; an unknown kind (a newer server) is edited as text. */
export type OptionControl =
  | { type: 'switch' }
  | { type: 'select'; values: string[] }
  | { type: 'number'; min: number; max: number }
  | { type: 'text'; maxLength: number };

const MAX_TEXT = 4096;

export function controlOf(option: CatalogueOption): OptionControl {
  switch (option.kind) {
    case 'bool':
      return { type: 'switch' };
    case 'enum':
      return { type: 'select', values: option.values ?? [] };
    case 'number':
      return { type: 'number', min: option.min ?? 0, max: option.max ?? Number.MAX_SAFE_INTEGER };
    default:
      return { type: 'text', maxLength: option.maxLength ?? MAX_TEXT };
  }
}

/** Whether the switch of a Y/N option shows on for this value ("" or absent: the client's default). */
export function switchIsOn(option: CatalogueOption, value: string | undefined): boolean {
  const effective = value === undefined || value === '' ? option.default : value;
  return effective === 'Y';
}

/** The section an option is shown in; one the console does not know goes to "other". */
export function sectionOf(option: CatalogueOption): OptionSection {
  return (SECTIONS as readonly string[]).includes(option.section)
    ? (option.section as OptionSection)
    : 'other';
}

/** Changes made in the editor: a key's new value, or null to make it "not set". */
export type OptionEdits = Readonly<Record<string, string | null>>;

/** The value the editor shows for a key: the edit if there is one, else the stored value. */
export function currentValue(
  stored: Readonly<Record<string, string>>,
  edits: OptionEdits,
  key: string,
): string | undefined {
  if (Object.hasOwn(edits, key)) return edits[key] ?? undefined;
  return Object.hasOwn(stored, key) ? stored[key] : undefined;
}

/** The option map after the edits: what replaces the strategy's map on save. */
export function applyEdits(
  stored: Readonly<Record<string, string>>,
  edits: OptionEdits,
): Record<string, string> {
  const next: Record<string, string> = { ...stored };
  for (const [key, value] of Object.entries(edits)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** The keys whose value the edits really change (setting a value back to what is stored is no change). */
export function changedKeys(stored: Readonly<Record<string, string>>, edits: OptionEdits): string[] {
  return Object.keys(edits)
    .filter((key) => currentValue(stored, edits, key) !== currentValue(stored, {}, key))
    .sort();
}

/** Translations of the catalogue's texts into one language; English is the server's own. */
export interface CatalogueTexts {
  /** Descriptions by option key. */
  descriptions: Readonly<Record<string, string>>;
  /** Names of enum values by option key and value. */
  values: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The catalogue with each description and value name in the console's language: the translation for
 * its key, else the server's own (English) text, e.g. for an option of a newer server.
 */
export function describeIn(catalogue: readonly CatalogueOption[], texts: CatalogueTexts): CatalogueOption[] {
  return catalogue.map((option) => {
    const description = Object.hasOwn(texts.descriptions, option.key)
      ? texts.descriptions[option.key]
      : undefined;
    const labels = Object.hasOwn(texts.values, option.key) ? texts.values[option.key] : undefined;
    if (!description && !labels) return option;
    return {
      ...option,
      ...(description ? { description } : {}),
      ...(labels ? { labels: { ...option.labels, ...labels } } : {}),
    };
  });
}

/** How a value of an option is shown: its name when the option names its values, else the value. */
export function valueLabel(option: CatalogueOption, value: string): string {
  return (Object.hasOwn(option.labels ?? {}, value) ? option.labels?.[value] : undefined) ?? value;
}

/** Whether an option matches the search box: every word is in its key or its description. */
export function matchesSearch(option: CatalogueOption, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${option.key} ${option.description}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The options to show, per section in the console's order, each section in the catalogue's order. */
export function groupOptions(
  catalogue: readonly CatalogueOption[],
  keep: (option: CatalogueOption) => boolean,
): { section: OptionSection; options: CatalogueOption[] }[] {
  return SECTIONS.map((section) => ({
    section,
    options: catalogue.filter((option) => sectionOf(option) === section && keep(option)),
  }));
}

export type ValueProblem =
  | { kind: 'yesNo' }
  | { kind: 'oneOf'; values: string[] }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'tooLong'; max: number };

/**
 * Why a value does not fit its option (the server's own check, made before sending), or null. "" always
 * fits: it makes clients drop their value.
 */
export function valueProblem(option: CatalogueOption, value: string): ValueProblem | null {
  if (value === '') return null;
  const control = controlOf(option);
  switch (control.type) {
    case 'switch':
      return value === 'Y' || value === 'N' ? null : { kind: 'yesNo' };
    case 'select':
      return control.values.includes(value) ? null : { kind: 'oneOf', values: control.values };
    case 'number': {
      const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      return number >= control.min && number <= control.max
        ? null
        : { kind: 'range', min: control.min, max: control.max };
    }
    case 'text':
      return value.length <= control.maxLength ? null : { kind: 'tooLong', max: control.maxLength };
  }
}
