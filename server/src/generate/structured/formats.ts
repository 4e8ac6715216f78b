/**
 * String formats: how to produce each one, and how the validator checks it. ajv-formats is not a dependency,
 * so the checks live here, next to the generators they must agree with.
 */
import type { Random } from '../random.ts';
import { FIRST_NAMES, LAST_NAMES, NOUNS } from './vocabulary.ts';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A date in 2024–2026; days stop at 28 so every month is valid. */
export function randomDate(random: Random): string {
  return `${random.int(2024, 2026)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

/** A wall-clock time on a quarter hour, without offset (zod's `z.iso.time()` rejects offsets). */
export function randomTime(random: Random): string {
  return `${pad(random.int(8, 18))}:${pad(random.pick([0, 15, 30, 45]))}:00`;
}

/** An RFC 3339 UTC timestamp. */
export function randomDateTime(random: Random): string {
  return `${randomDate(random)}T${randomTime(random)}Z`;
}

/** A version 4 UUID, drawn from `random` so it is reproducible. */
export function randomUuid(random: Random): string {
  const hex = (count: number): string => Array.from({ length: count }, () => random.int(0, 15).toString(16)).join('');
  const variant = random.pick(['8', '9', 'a', 'b']);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/** `first.last@example.com`: the reserved example domains never reach a real mailbox. */
export function randomEmail(random: Random): string {
  const first = random.pick(FIRST_NAMES).toLowerCase();
  const last = random.pick(LAST_NAMES).toLowerCase();
  return `${first}.${last}@${random.pick(['example.com', 'example.org', 'example.net'])}`;
}

export function randomUrl(random: Random): string {
  return `https://www.${random.pick(['example.com', 'example.org'])}/${random.pick(NOUNS)}s/${random.int(1, 999)}`;
}

export function randomHostname(random: Random): string {
  return `${random.pick(['api', 'www', 'mail', 'app', 'docs'])}.${random.pick(['example.com', 'example.org', 'contoso.com'])}`;
}

/** A value for JSON Schema `format`, or undefined for a format this module does not know. */
export function formatValue(format: string, random: Random): string | undefined {
  switch (format) {
    case 'date-time':
      return randomDateTime(random);
    case 'date':
      return randomDate(random);
    case 'time':
      return randomTime(random);
    case 'duration':
      return random.pick(['PT15M', 'PT30M', 'PT1H', 'PT2H30M', 'P1D', 'P2W']);
    case 'email':
    case 'idn-email':
      return randomEmail(random);
    case 'uri':
    case 'iri':
    case 'url':
      return randomUrl(random);
    case 'uri-reference':
    case 'iri-reference':
      return `/${random.pick(NOUNS)}s/${random.int(1, 999)}`;
    case 'uuid':
      return randomUuid(random);
    case 'hostname':
    case 'idn-hostname':
      return randomHostname(random);
    case 'ipv4':
      return `192.168.${random.int(0, 255)}.${random.int(1, 254)}`;
    case 'ipv6':
      return `2001:db8::${random.int(1, 0xffff).toString(16)}`;
    case 'regex':
      return '^[a-z]+$';
    case 'json-pointer':
      return `/${random.pick(NOUNS)}s/${random.int(0, 9)}`;
    default:
      return undefined;
  }
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i;

/**
 * Checks for the formats we generate, for ajv's `addFormat`. Deliberately tolerant (RFC-shaped, not
 * RFC-complete): they exist to catch a generator bug, not to police the caller's data.
 */
export const FORMAT_CHECKS: Readonly<Record<string, RegExp | ((value: string) => boolean)>> = {
  'date-time': (value) => {
    const [date, time, ...rest] = value.split(/t/i);
    return rest.length === 0 && DATE.test(date ?? '') && TIME.test(time ?? '') && /(z|[+-]\d\d:?\d\d)$/i.test(time ?? '');
  },
  date: DATE,
  time: TIME,
  duration: /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  'idn-email': /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  iri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  url: /^https?:\/\/[^\s]+$/i,
  'uri-reference': /^[^\s]*$/,
  'iri-reference': /^[^\s]*$/,
  uuid: /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  hostname: /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  'idn-hostname': /^[^\s]+$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: /^[0-9a-f:.]+$/i,
  regex: (value) => {
    try {
      new RegExp(value, 'u');
      return true;
    } catch {
      return false;
    }
  },
  'json-pointer': /^(\/([^/~]|~[01])*)*$/,
};
