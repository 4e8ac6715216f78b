import { control } from './control-api.ts';
import { el } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';

type Resource = Snapshot['resources'][number];
type Input = HTMLInputElement | HTMLSelectElement;

/** How a resource goes down (POST /__sim/resources/{name}/down): answered with a status, hung, or reset. */
const DOWN_MODES = ['status', 'timeout', 'reset'];

/**
 * The resources and their conditions (GET /__sim/resources, and each snapshot after), with the drills' controls:
 * take one down, degrade it, bring it up. Each action answers the resource's new status, which is shown at once;
 * the snapshots then follow what changes without this page (a condition that lifts itself, another client).
 * A refusal of the control API (read-only access, a bad value) is shown in the panel's outcome line.
 */
export class ResourcesPanel {
  readonly #rows = el('tbody', {});
  // focusable from code: a keyboard user whose button was redrawn away is taken to what happened
  readonly #outcome = el('p', { id: 'resources-outcome', role: 'status', tabindex: -1 });
  readonly #pickers: HTMLSelectElement[] = [];
  #resources: Resource[] = [];
  #shown = '';

  constructor(root: HTMLElement) {
    const down = {
      resource: this.#picker('down-resource'),
      mode: el('select', { id: 'down-mode' }, ...DOWN_MODES.map((mode) => el('option', { value: mode }, mode))),
      status: el('input', { id: 'down-status', type: 'number', placeholder: '503', inputmode: 'numeric' }),
      durationMs: el('input', { id: 'down-duration', type: 'number', placeholder: 'until brought up', inputmode: 'numeric' }),
    };
    const degrade = {
      resource: this.#picker('degrade-resource'),
      latencyFactor: el('input', { id: 'degrade-latency', type: 'number', step: 'any', placeholder: '1' }),
      quotaFactor: el('input', { id: 'degrade-quota', type: 'number', step: 'any', placeholder: '1' }),
      errorRate: el('input', { id: 'degrade-error-rate', type: 'number', step: 'any', placeholder: '0' }),
      status: el('input', { id: 'degrade-status', type: 'number', placeholder: '503', inputmode: 'numeric' }),
      durationMs: el('input', { id: 'degrade-duration', type: 'number', placeholder: 'until brought up', inputmode: 'numeric' }),
    };
    const ptuSaturated = el('input', { id: 'degrade-ptu', type: 'checkbox' });
    root.append(
      el(
        'table',
        {},
        el('caption', {}, 'Resources and their conditions'),
        el(
          'thead',
          {},
          el('tr', {}, ...['resource', 'region', 'status', 'condition', 'action'].map((name) => el('th', { scope: 'col' }, name))),
        ),
        this.#rows,
      ),
      el(
        'form',
        {
          id: 'down-form',
          class: 'controls',
          'aria-label': 'Take a resource down',
          onsubmit: (event) => {
            event.preventDefault();
            const body = numbers({ status: down.status, durationMs: down.durationMs });
            void this.#act(down.resource.value, 'down', { mode: down.mode.value, ...body }, 'taken down');
          },
        },
        field('Resource', down.resource),
        field('Mode', down.mode),
        field('Status', down.status),
        field('Duration (ms)', down.durationMs),
        el('button', { type: 'submit' }, 'Take down'),
      ),
      el(
        'form',
        {
          id: 'degrade-form',
          class: 'controls',
          'aria-label': 'Degrade a resource',
          onsubmit: (event) => {
            event.preventDefault();
            const { resource, ...fields } = degrade;
            const body: Record<string, unknown> = numbers(fields);
            if (ptuSaturated.checked) body.ptuSaturated = true;
            void this.#act(resource.value, 'degrade', body, 'degraded');
          },
        },
        field('Resource', degrade.resource),
        field('Latency factor', degrade.latencyFactor),
        field('Quota factor', degrade.quotaFactor),
        field('Error rate (0–1)', degrade.errorRate),
        field('Error status', degrade.status),
        field('Duration (ms)', degrade.durationMs),
        el('div', { class: 'field check' }, ptuSaturated, el('label', { for: ptuSaturated.id }, 'PTU saturated')),
        el('button', { type: 'submit' }, 'Degrade'),
      ),
      this.#outcome,
    );
  }

  update({ resources }: Snapshot): void {
    this.#show(resources);
  }

  /**
   * A drill on `name`; its answer, the resource's new status, is shown without waiting for the next snapshot. The
   * table is redrawn before the outcome is announced: said the other way round, the outcome read "down" while the
   * row still said "up" for as long as the second request took.
   */
  async #act(name: string, drill: 'down' | 'degrade' | 'up', body: Record<string, unknown>, done: string): Promise<void> {
    try {
      const changed = await control<Resource>('POST', `/__sim/resources/${encodeURIComponent(name)}/${drill}`, body);
      const { resources } = await control<{ resources: Resource[] }>('GET', '/__sim/resources');
      this.#show(resources);
      this.#outcome.textContent = `${changed.name} ${done}: ${changed.status}.`;
      this.#outcome.className = '';
    } catch (error) {
      this.#outcome.textContent = (error as Error).message;
      this.#outcome.className = 'failed';
    }
  }

  #show(resources: Resource[]): void {
    const shown = JSON.stringify(resources);
    // the same resources: nothing redrawn, so a focused button keeps its focus
    if (shown === this.#shown) return;
    this.#shown = shown;
    const names = (list: Resource[]) => list.map((each) => each.name).join();
    if (names(resources) !== names(this.#resources)) {
      for (const picker of this.#pickers) {
        const chosen = picker.value;
        picker.replaceChildren(...resources.map(({ name }) => el('option', { value: name }, name)));
        if (resources.some(({ name }) => name === chosen)) picker.value = chosen;
      }
    }
    this.#resources = resources;
    const focused = (document.activeElement?.closest('tr[data-resource]') as HTMLElement | null)?.dataset.resource;
    this.#rows.replaceChildren(
      ...resources.map((resource) =>
        el(
          'tr',
          { 'data-resource': resource.name },
          el('th', { scope: 'row' }, resource.name),
          el('td', {}, resource.region),
          el('td', { class: `resource-status ${resource.status}` }, resource.status),
          el('td', {}, describe(resource)),
          el(
            'td',
            {},
            el(
              'button',
              {
                type: 'button',
                'aria-label': `Bring up ${resource.name}`,
                disabled: resource.status === 'up',
                onclick: () => void this.#act(resource.name, 'up', {}, 'brought up'),
              },
              'Bring up',
            ),
          ),
        ),
      ),
    );
    // the rows are new: the focus goes back to the button it was on, or, now that it is disabled, to the outcome
    if (focused === undefined) return;
    const button = this.#rows.querySelector<HTMLButtonElement>(`tr[data-resource="${CSS.escape(focused)}"] button`);
    (button && !button.disabled ? button : this.#outcome).focus();
  }

  #picker(id: string): HTMLSelectElement {
    const picker = el('select', { id });
    this.#pickers.push(picker);
    return picker;
  }
}

function field(label: string, input: Input): HTMLElement {
  return el('div', { class: 'field' }, el('label', { for: input.id }, label), input);
}

/** The fields given, as numbers; an empty one is left out, so the control API's default applies. */
function numbers(fields: Record<string, HTMLInputElement>): Record<string, number> {
  const body: Record<string, number> = {};
  for (const [name, input] of Object.entries(fields)) if (input.value.trim() !== '') body[name] = Number(input.value);
  return body;
}

/** A condition in a line: what was asked, what holds now for a degrade that recovers, and when it lifts. */
function describe({ condition }: Resource): string {
  if (!condition) return '–';
  const parts: string[] = [];
  if (condition.kind === 'down') {
    const mode = condition.mode ?? 'status';
    parts.push(mode === 'status' ? `answers ${condition.status ?? 503}` : mode === 'timeout' ? 'hangs' : 'resets connections');
  } else {
    const now = condition.current;
    const factor = (name: string, asked: number | undefined, current: number | undefined, neutral: number) =>
      asked === undefined
        ? []
        : [`${name} ${asked}${current !== undefined && current !== asked && current !== neutral ? ` (now ${current})` : ''}`];
    parts.push(
      ...factor('latency ×', condition.latencyFactor, now?.latencyFactor, 1),
      ...factor('quota ×', condition.quotaFactor, now?.quotaFactor, 1),
      ...factor('error rate', condition.errorRate, now?.errorRate, 0),
    );
    if (condition.ptuSaturated) parts.push('PTU saturated');
  }
  parts.push(condition.liftsAt ? `lifts at ${new Date(condition.liftsAt).toLocaleTimeString()}` : 'until brought up');
  return parts.join(' · ');
}
