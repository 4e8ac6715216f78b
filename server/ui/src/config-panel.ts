import { control } from './control-api.ts';
import { el } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';

interface ConfigAnswer {
  source: { file: string; files?: string[]; embeddedDefault?: boolean };
  deployments: Array<{ name: string; model?: string; rateLimit?: unknown }>;
  scenarios: unknown;
  lastReload: Snapshot['lastReload'];
}

/** The configuration in force (GET /__sim/config, secrets masked) and the last reload's status with its problems. */
export class ConfigPanel {
  readonly #root: HTMLElement;
  #shownReload: string | undefined;

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  /** Fetches the configuration again when the last reload changed (and on the first snapshot). */
  update({ lastReload }: Snapshot): void {
    const reload = JSON.stringify(lastReload);
    if (reload === this.#shownReload) return;
    this.#shownReload = reload;
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      const config = await control<ConfigAnswer>('GET', '/__sim/config');
      const reload = config.lastReload;
      this.#root.replaceChildren(
        el('p', {}, `From ${config.source.file}${config.source.embeddedDefault ? ' (the embedded default)' : ''}.`),
        reload
          ? el(
              'div',
              { id: 'last-reload', class: reload.ok ? 'ok' : 'failed' },
              el(
                'p',
                {},
                `Last reload ${reload.ok ? 'applied' : 'refused; the previous set stays in force'} at ${reload.at} from ${reload.source}.`,
              ),
              ...(reload.errors?.length
                ? [el('ul', { 'aria-label': 'Problems' }, ...reload.errors.map((problem) => el('li', {}, el('code', {}, problem))))]
                : []),
            )
          : el('p', { id: 'last-reload' }, 'No reload since the start.'),
        el(
          'table',
          {},
          el('caption', {}, 'Deployments'),
          el('thead', {}, el('tr', {}, ...['deployment', 'model', 'rate limit'].map((name) => el('th', { scope: 'col' }, name)))),
          el(
            'tbody',
            {},
            ...config.deployments.map((deployment) =>
              el(
                'tr',
                {},
                el('th', { scope: 'row' }, deployment.name),
                el('td', {}, deployment.model ?? ''),
                el('td', {}, deployment.rateLimit ? JSON.stringify(deployment.rateLimit) : 'none'),
              ),
            ),
          ),
        ),
        el(
          'details',
          {},
          el('summary', {}, 'Scenarios in force (JSON)'),
          el('pre', { tabindex: 0 }, JSON.stringify(config.scenarios, null, 2)),
        ),
      );
    } catch (error) {
      this.#root.textContent = (error as Error).message;
    }
  }
}
