import { control } from './control-api.ts';
import { el } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';

/** The one-shot fault kinds the control API arms (a quota fault is scripted in the scenarios instead). */
const KINDS = ['status', 'hang', 'reset', 'empty', 'malformed-json', 'stream-cut', 'stream-stall', 'malformed-sse', 'latency'];

/**
 * The armed one-shot faults and the incidents with their clocks, and the controls the control API offers:
 * arm a fault (POST /__sim/faults), start an incident, reset everything (POST /__sim/reset).
 */
export class FaultsPanel {
  readonly #armed = el('ul', { id: 'armed-faults', 'aria-label': 'Armed faults' });
  readonly #incidents = el('ul', { id: 'incidents', 'aria-label': 'Incidents' });
  readonly #outcome = el('p', { id: 'faults-outcome', role: 'status' });
  #shownIncidents = '';

  constructor(root: HTMLElement) {
    const kind = el('select', { id: 'fault-kind' }, ...KINDS.map((each) => el('option', { value: each }, each)));
    const status = el('input', { id: 'fault-status', type: 'number', min: 100, max: 599, value: 503 });
    const durationMs = el('input', { id: 'fault-duration', type: 'number', min: 0, value: 1000 });
    const deployment = el('input', { id: 'fault-deployment', type: 'text', autocomplete: 'off' });
    const times = el('input', { id: 'fault-times', type: 'number', min: 1, value: 1 });
    const field = (label: string, input: HTMLElement) => el('div', { class: 'field' }, el('label', { for: input.id }, label), input);
    const arm = el(
      'form',
      {
        id: 'arm-fault',
        'aria-label': 'Arm a fault',
        onsubmit: (event) => {
          event.preventDefault();
          const fault: Record<string, unknown> = { kind: kind.value };
          if (kind.value === 'status') fault.status = Number(status.value);
          if (kind.value === 'latency' || kind.value === 'stream-stall' || kind.value === 'hang')
            fault.durationMs = Number(durationMs.value);
          const match = deployment.value.trim() ? { deployment: deployment.value.trim() } : undefined;
          void this.#call('POST', '/__sim/faults', { fault, ...(match ? { match } : {}), times: Number(times.value) }, 'Armed.');
        },
      },
      field('Kind', kind),
      field('Status', status),
      field('Duration (ms)', durationMs),
      field('Deployment (empty: any)', deployment),
      field('Requests', times),
      el('button', { type: 'submit' }, 'Arm fault'),
    );
    const reset = el(
      'button',
      {
        type: 'button',
        id: 'reset',
        onclick: () => void this.#call('POST', '/__sim/reset', {}, 'Reset: limits, counters, faults and journal cleared.'),
      },
      'Reset the simulator',
    );
    root.append(el('h3', {}, 'Armed'), this.#armed, el('h3', {}, 'Incidents'), this.#incidents, arm, reset, this.#outcome);
  }

  update({ faults }: Snapshot): void {
    this.#armed.replaceChildren(
      ...(faults.armed.length === 0
        ? [el('li', { class: 'muted' }, 'none')]
        : faults.armed.map((armed) =>
            el(
              'li',
              {},
              `${describeFault(armed.action)}${armed.match ? ` when ${JSON.stringify(armed.match)}` : ''} · ${armed.remaining} left`,
            ),
          )),
    );
    const shown = JSON.stringify(faults.incidents);
    if (shown === this.#shownIncidents) return;
    this.#shownIncidents = shown;
    this.#incidents.replaceChildren(
      ...(faults.incidents.length === 0
        ? [el('li', { class: 'muted' }, 'none configured')]
        : faults.incidents.map(({ name, elapsedMs, phase }) =>
            el(
              'li',
              {},
              `${name}: ${elapsedMs === null ? 'not started' : `${Math.round(elapsedMs / 1000)} s in${phase ? `, ${phase} now` : ', no phase now'}`} `,
              el(
                'button',
                { type: 'button', onclick: () => void this.#call('POST', '/__sim/faults', { incident: name }, `Started ${name}.`) },
                `Start ${name}`,
              ),
            ),
          )),
    );
  }

  async #call(method: string, path: string, body: unknown, done: string): Promise<void> {
    try {
      await control(method, path, body);
      this.#outcome.textContent = done;
    } catch (error) {
      this.#outcome.textContent = (error as Error).message;
    }
  }
}

function describeFault(action: { kind: string; status?: number; durationMs?: number }): string {
  return action.kind === 'status'
    ? `status ${action.status}`
    : action.durationMs === undefined
      ? action.kind
      : `${action.kind} ${action.durationMs} ms`;
}
