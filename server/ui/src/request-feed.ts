import { control } from './control-api.ts';
import { el, figure } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';

type Summary = Snapshot['entries'][number];

/** How many requests the feed keeps on the page, newest first; older ones are in GET /__sim/journal. */
const KEPT = 500;

interface Row {
  entry: Summary;
  element: HTMLLIElement;
}

/**
 * The journal's newest requests, newest first, filtered by deployment, status (`429`, `4xx`) and test id, each
 * expandable to its request and response bodies, fetched from GET /__sim/journal (redacted there) when opened.
 */
export class RequestFeed {
  readonly #list = el('ol', { class: 'feed', 'aria-label': 'Requests, newest first' });
  readonly #missed = el('p', { class: 'muted' });
  readonly #rows: Row[] = [];
  readonly #filters = {
    deployment: el('input', { id: 'filter-deployment', type: 'search', autocomplete: 'off' }),
    status: el('input', { id: 'filter-status', type: 'search', autocomplete: 'off', placeholder: '429, 4xx, 5xx' }),
    testId: el('input', { id: 'filter-test-id', type: 'search', autocomplete: 'off' }),
  };
  #missedCount = 0;

  constructor(root: HTMLElement) {
    const field = (label: string, input: HTMLInputElement) => el('div', { class: 'field' }, el('label', { for: input.id }, label), input);
    const form = el(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter the requests', onsubmit: (event) => event.preventDefault() },
      field('Deployment', this.#filters.deployment),
      field('Status', this.#filters.status),
      field('Test id', this.#filters.testId),
    );
    for (const input of Object.values(this.#filters)) input.addEventListener('input', () => this.#refilter());
    root.append(form, this.#missed, this.#list);
  }

  update(snapshot: Snapshot): void {
    for (const entry of snapshot.entries) {
      const element = this.#render(entry);
      element.hidden = !this.#matches(entry);
      this.#list.prepend(element);
      this.#rows.unshift({ entry, element });
    }
    for (const { element } of this.#rows.splice(KEPT)) element.remove();
    if (snapshot.entriesMissed > 0) {
      this.#missedCount += snapshot.entriesMissed;
      this.#missed.textContent = `${figure(this.#missedCount)} requests came too fast to list here; GET /__sim/journal has them while the journal keeps them.`;
    }
  }

  #matches(entry: Summary): boolean {
    const deployment = this.#filters.deployment.value.trim();
    const status = this.#filters.status.value.trim().toLowerCase();
    const testId = this.#filters.testId.value.trim();
    if (deployment && !(entry.deployment ?? '').includes(deployment)) return false;
    if (testId && entry.testId !== testId) return false;
    if (status) {
      const family = /^([1-5])xx$/.exec(status);
      if (family ? Math.floor(entry.status / 100) !== Number(family[1]) : String(entry.status) !== status) return false;
    }
    return true;
  }

  #refilter(): void {
    for (const { entry, element } of this.#rows) element.hidden = !this.#matches(entry);
  }

  #render(entry: Summary): HTMLLIElement {
    const answeredBy = entry.fault
      ? `fault ${entry.fault}`
      : entry.cassette
        ? `cassette ${entry.cassette}`
        : entry.rule
          ? `rule ${entry.rule}`
          : '';
    const summary = el(
      'summary',
      {},
      el('time', { datetime: entry.time }, entry.time.slice(11, 23)),
      el('span', { class: `status s${Math.floor(entry.status / 100)}` }, String(entry.status)),
      el('span', {}, entry.deployment ?? '–'),
      el('span', {}, entry.operation ?? entry.path),
      el('span', { class: 'muted' }, entry.testId ? `test ${entry.testId}` : ''),
      el('span', {}, answeredBy),
      el(
        'span',
        { class: 'muted' },
        entry.limiter?.decision === 'refused' ? `refused: ${entry.limiter.limit} limit` : (entry.errorCode ?? ''),
      ),
      el('span', { class: 'num' }, `${figure(Math.round(entry.latency.totalMs))} ms`),
    );
    const details = el('details', { 'data-entry': entry.id }, summary);
    details.addEventListener('toggle', () => {
      if (details.open && details.childElementCount === 1) void this.#expand(details, entry);
    });
    return el('li', {}, details);
  }

  async #expand(details: HTMLDetailsElement, entry: Summary): Promise<void> {
    const body = el('div', { class: 'entry-body' }, 'Loading…');
    details.append(body);
    try {
      // the journal has no lookup by id: the entry's own millisecond, then its id
      const since = entry.time;
      const until = new Date(Date.parse(entry.time) + 1).toISOString();
      const { entries } = await control<{ entries: Array<Record<string, unknown> & { id: number }> }>(
        'GET',
        `/__sim/journal?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`,
      );
      const full = entries.find((each) => each.id === entry.id);
      body.replaceChildren(
        ...(full
          ? [
              el('h4', {}, 'Request'),
              el('pre', { tabindex: 0 }, JSON.stringify(full.request, null, 2)),
              el('h4', {}, 'Response'),
              el('pre', { tabindex: 0 }, JSON.stringify(full.response, null, 2)),
              el('h4', {}, 'Answered by'),
              el(
                'pre',
                { tabindex: 0 },
                JSON.stringify(
                  { rule: full.rule, cassette: full.cassette, fault: full.fault, limiter: full.limiter, tokens: full.tokens },
                  null,
                  2,
                ),
              ),
            ]
          : ['The journal no longer keeps this request.']),
      );
    } catch (error) {
      body.textContent = (error as Error).message;
    }
  }
}
