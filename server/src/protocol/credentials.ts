/**
 * What counts as a credential in a request: the headers and query parameters whose values the journal redacts,
 * recordings drop, and templates and rule captures never see. One list, so that a header redacted in one place
 * cannot leak through another.
 */

/** What a redacted value becomes. */
export const REDACTED = 'REDACTED';

/** Headers that carry credentials or session state (lower case). */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'api-key',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'ocp-apim-subscription-key',
  'cookie',
  'set-cookie',
  // the control API's key: a client may well send it on every request, data plane included
  'x-sim-admin-key',
];

/**
 * Query parameters that carry credentials: Azure API Management's subscription key, SAS signatures, OAuth
 * tokens. The service takes none of them, but an app that sends one must not see it echoed either.
 */
export const CREDENTIAL_PARAMS: readonly string[] = ['api-key', 'subscription-key', 'sig', 'access_token', 'token', 'code'];

const HEADERS = new Set(CREDENTIAL_HEADERS);
const PARAMS = new Set(CREDENTIAL_PARAMS);

/** Whether a header carries a credential; `name` in any case. */
export function isCredentialHeader(name: string): boolean {
  return HEADERS.has(name.toLowerCase());
}

/** Whether a query parameter carries a credential; `name` decoded, in any case. */
export function isCredentialParam(name: string): boolean {
  return PARAMS.has(name.toLowerCase());
}

/** The entries of a header or query map that are not credentials, as a new object. */
export function withoutCredentials(map: Readonly<Record<string, string>>, isCredential: (name: string) => boolean): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of Object.keys(map)) if (!isCredential(name)) kept[name] = map[name]!;
  return kept;
}
