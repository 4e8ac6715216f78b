/** The sessionStorage key the admin key is kept under: this tab only, gone when it closes. */
const KEY_STORAGE = 'aoai-sim-admin-key';
export const ADMIN_KEY_HEADER = 'x-sim-admin-key';

export function adminKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function rememberAdminKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
}

/** Thrown when the control API wants the admin key (401): the page asks for it; a panel shows why it failed. */
export class AdminKeyNeeded extends Error {
  constructor() {
    super('401: the admin key is needed or was refused; reload the page to give it.');
  }
}

/** A call to the simulator's control API with the admin key (when there is one); JSON in and out. */
export async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const key = adminKey();
  if (key !== null) headers[ADMIN_KEY_HEADER] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (response.status === 401) throw new AdminKeyNeeded();
  const answer = (await response.json()) as T & { error?: { message?: string; issues?: Array<{ text?: string }> } };
  if (!response.ok) {
    const issues = answer.error?.issues?.map((issue) => issue.text).join('; ');
    throw new Error(`${response.status}: ${answer.error?.message ?? 'refused'}${issues ? ` (${issues})` : ''}`);
  }
  return answer;
}
