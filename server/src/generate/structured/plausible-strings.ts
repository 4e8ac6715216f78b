/** Readable strings for a property, shaped by what its name suggests (see hints.ts). */
import type { Random } from '../random.ts';
import { randomDate, randomDateTime, randomEmail, randomTime, randomUrl, randomUuid } from './formats.ts';
import { hintTokens, stringKind, type Hint } from './hints.ts';
import * as vocabulary from './vocabulary.ts';

/** A plausible value for a string property described by `hint`. */
export function plausibleString(hint: Hint, random: Random): string {
  const kind = stringKind(hint);
  switch (kind) {
    case 'email':
      return randomEmail(random);
    case 'url':
      return randomUrl(random);
    case 'phone':
      return `+1-555-${random.int(100, 999)}-${random.int(1000, 9999)}`;
    case 'firstName':
      return random.pick(vocabulary.FIRST_NAMES);
    case 'lastName':
      return random.pick(vocabulary.LAST_NAMES);
    case 'fullName':
      return `${random.pick(vocabulary.FIRST_NAMES)} ${random.pick(vocabulary.LAST_NAMES)}`;
    case 'username':
      return `${random.pick(vocabulary.FIRST_NAMES).toLowerCase()}${random.int(1, 99)}`;
    case 'uuid':
      return randomUuid(random);
    case 'dateTime':
      return randomDateTime(random);
    case 'date':
      return randomDate(random);
    case 'time':
      return randomTime(random);
    case 'timezone':
      return random.pick(vocabulary.TIMEZONES);
    case 'countryCode':
      return random.pick(vocabulary.COUNTRY_CODES);
    case 'postalCode':
      return String(random.int(10000, 99999));
    case 'currency':
      return random.pick(vocabulary.CURRENCIES);
    case 'id':
      return idToken(hint, random);
    case 'company':
      return random.pick(vocabulary.COMPANIES);
    case 'city':
      return random.pick(vocabulary.CITIES);
    case 'country':
      return random.pick(vocabulary.COUNTRIES);
    case 'address':
      return `${random.int(1, 250)} ${random.pick(vocabulary.STREETS)}`;
    case 'language':
      return random.pick(vocabulary.LANGUAGES);
    case 'color':
      return random.pick(vocabulary.COLORS);
    case 'sentence':
      return random.pick(vocabulary.SENTENCES);
    case 'title':
      return `${random.pick(vocabulary.TITLE_ADJECTIVES)} ${random.pick(vocabulary.TITLE_NOUNS)}`;
    case 'status':
      return random.pick(vocabulary.STATUSES);
    case 'category':
      return random.pick(vocabulary.CATEGORIES);
    case 'word':
      return random.pick(vocabulary.NOUNS);
    case 'question':
      return random.pick(vocabulary.QUESTIONS);
    case 'version':
      return `${random.int(1, 4)}.${random.int(0, 12)}.${random.int(0, 9)}`;
    case 'jobTitle':
      return random.pick(vocabulary.JOB_TITLES);
    case 'department':
      return random.pick(vocabulary.DEPARTMENTS);
    case 'filename':
      return `${random.pick(vocabulary.NOUNS)}-${random.int(1, 12)}.${random.pick(vocabulary.FILE_EXTENSIONS)}`;
    case 'secret':
      return alphanumeric(random, 16);
    case 'unit':
      return random.pick(vocabulary.UNITS);
    case 'phrase':
      return phrase(random);
  }
}

/** A few common words, e.g. "updated project plan". */
export function phrase(random: Random): string {
  const noun = random.pick(vocabulary.NOUNS);
  return random.chance(0.5)
    ? `${random.pick(vocabulary.ADJECTIVES)} ${noun}`
    : `${random.pick(vocabulary.ADJECTIVES)} ${noun} ${random.pick(vocabulary.NOUNS)}`;
}

/** Words to lengthen a string that is below `minLength`, so padding still reads as text. */
export function fillerWords(random: Random): string {
  return random.pick(vocabulary.SENTENCES);
}

function idToken(hint: Hint, random: Random): string {
  // `order_id` → "ord_…": a prefix from the name reads like the ids real APIs hand out.
  const ignored = new Set(['id', 'identifier', 'key', 'code', 'ref', 'reference', 'number', 'slug']);
  const word = hintTokens(hint.key).find((token) => !ignored.has(token) && /^[a-z]/.test(token));
  const prefix = (word ?? 'id').slice(0, 3);
  return `${prefix}_${alphanumeric(random, 10)}`;
}

function alphanumeric(random: Random, length: number): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz0123456789';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet.charAt(random.int(0, alphabet.length - 1));
  return text;
}
