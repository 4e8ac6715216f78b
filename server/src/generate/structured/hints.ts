/**
 * Guess what kind of text a property holds from its name (and its parent's name and description), so a
 * `participants` array holds people's names and an `email` holds an address, the way a model would answer.
 */

/** What a string property is about. */
export type StringKind =
  | 'email'
  | 'url'
  | 'phone'
  | 'firstName'
  | 'lastName'
  | 'fullName'
  | 'username'
  | 'uuid'
  | 'dateTime'
  | 'date'
  | 'time'
  | 'timezone'
  | 'countryCode'
  | 'postalCode'
  | 'currency'
  | 'id'
  | 'company'
  | 'city'
  | 'country'
  | 'address'
  | 'language'
  | 'color'
  | 'sentence'
  | 'title'
  | 'status'
  | 'category'
  | 'word'
  | 'question'
  | 'version'
  | 'jobTitle'
  | 'department'
  | 'filename'
  | 'secret'
  | 'unit'
  | 'phrase';

/** Where a value sits: its property name, the enclosing property's name, the schema's description. */
export interface Hint {
  key?: string | undefined;
  parent?: string | undefined;
  description?: string | undefined;
}

const PERSON = new Set(
  'person people participant attendee author user customer assignee owner organizer member speaker guest contact employee student friend recipient sender manager patient client host reviewer player teacher driver passenger buyer seller candidate full display'.split(
    ' ',
  ),
);
const PLACE = new Set('city location place town destination origin venue hometown'.split(' '));
const COMPANY = new Set('company organization organisation org employer vendor brand business firm'.split(' '));

type Rule = readonly [StringKind, (tokens: ReadonlySet<string>) => boolean];

const any =
  (...names: string[]) =>
  (tokens: ReadonlySet<string>): boolean =>
    names.some((name) => tokens.has(name));
const both = (first: string, second: string[]) => (tokens: ReadonlySet<string>) => tokens.has(first) && second.some((s) => tokens.has(s));

// Order matters: compound names ("country_code", "phone_number") must win over their parts.
const RULES: readonly Rule[] = [
  ['email', any('email', 'mail')],
  ['url', any('url', 'uri', 'link', 'website', 'homepage', 'href', 'site')],
  ['phone', any('phone', 'mobile', 'telephone', 'tel', 'fax')],
  ['firstName', (t) => any('firstname', 'forename')(t) || both('name', ['first', 'given'])(t)],
  ['lastName', (t) => any('lastname', 'surname')(t) || both('name', ['last', 'family'])(t)],
  ['username', (t) => any('username', 'handle', 'login', 'nickname')(t) || both('name', ['user', 'screen'])(t)],
  ['filename', any('file', 'filename', 'path', 'attachment')],
  ['uuid', any('uuid', 'guid')],
  ['timezone', (t) => any('timezone', 'tz')(t) || both('zone', ['time'])(t)],
  ['dateTime', (t) => any('timestamp', 'datetime', 'created', 'updated', 'modified')(t) || both('time', ['date'])(t)],
  ['date', any('date', 'day', 'birthday', 'birthdate', 'deadline', 'due', 'dob')],
  ['time', any('time', 'hour', 'clock')],
  ['countryCode', (t) => both('country', ['code', 'iso'])(t)],
  ['postalCode', any('zip', 'postal', 'postcode', 'zipcode')],
  ['currency', any('currency')],
  ['id', any('id', 'identifier', 'key', 'code', 'sku', 'ref', 'reference', 'number', 'slug')],
  ['company', (t) => [...COMPANY].some((name) => t.has(name))],
  ['city', (t) => [...PLACE].some((name) => t.has(name))],
  ['country', any('country', 'nation', 'nationality')],
  ['address', any('address', 'street')],
  ['language', any('language', 'lang', 'locale')],
  ['color', any('color', 'colour')],
  [
    'sentence',
    any(
      ...'description summary explanation reason reasoning comment note message content text body detail answer feedback review bio instruction justification rationale thought analysis output response result remark observation excerpt quote conclusion'.split(
        ' ',
      ),
    ),
  ],
  ['title', any('title', 'subject', 'headline', 'heading', 'label', 'topic', 'caption', 'event', 'product', 'project')],
  ['status', any('status', 'state', 'stage')],
  ['category', any('type', 'category', 'kind', 'genre', 'class', 'section')],
  ['word', any('tag', 'keyword', 'word', 'term', 'hashtag', 'skill', 'ingredient')],
  ['question', any('query', 'search', 'question', 'prompt')],
  ['version', any('version')],
  ['jobTitle', any('role', 'position', 'job', 'occupation', 'profession')],
  ['department', any('department', 'division', 'team')],
  ['secret', any('password', 'secret', 'token', 'apikey')],
  ['unit', any('unit', 'units')],
  ['fullName', (t) => [...PERSON].some((name) => t.has(name)) || t.has('name')],
];

/** Lower-cased, singular words of an identifier or a description: `createdAt` → created, at. */
export function hintTokens(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/([A-Z]{2,})s(?![a-z])/g, '$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0)
    .slice(0, 40)
    .map(singular);
}

function singular(token: string): string {
  if (token.length <= 3) return token;
  if (token.endsWith('sses') || token.endsWith('uses')) return token.slice(0, -2);
  if (token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (token.endsWith('s') && !/(ss|us|is)$/.test(token)) return token.slice(0, -1);
  return token;
}

/** The kind of text that fits `hint`; `phrase` when nothing is recognised. */
export function stringKind(hint: Hint): StringKind {
  const keyTokens = hintTokens(hint.key);
  // `created_at`, `startsAt`: a trailing "at" only means a moment on a property name, never in prose.
  if (keyTokens.length > 1 && keyTokens.at(-1) === 'at') return 'dateTime';
  const key = new Set(keyTokens);
  // A bare `name` means different things on an event, a city or a person: the parent decides.
  if (key.size === 1 && (key.has('name') || key.has('title') || key.has('label'))) {
    const parent = new Set(hintTokens(hint.parent));
    if ([...PLACE].some((name) => parent.has(name))) return 'city';
    if ([...COMPANY].some((name) => parent.has(name))) return 'company';
    if (key.has('name') && (parent.size === 0 || [...PERSON].some((name) => parent.has(name)))) return 'fullName';
    if (parent.size > 0) return 'title';
  }
  const fromKey = matchRules(key);
  if (fromKey) return fromKey;
  // Descriptions are wordy ("a short text"), so only their more specific hints are trusted.
  const fromDescription = matchRules(new Set(hintTokens(hint.description)));
  if (fromDescription && fromDescription !== 'sentence' && fromDescription !== 'id') return fromDescription;
  return 'phrase';
}

function matchRules(tokens: ReadonlySet<string>): StringKind | undefined {
  if (tokens.size === 0) return undefined;
  return RULES.find(([, test]) => test(tokens))?.[0];
}
