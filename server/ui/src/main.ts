import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { AdminKeyNeeded, rememberAdminKey } from './control-api.ts';
import { byId } from './dom.ts';
import { readFeed, type Snapshot } from './feed-stream.ts';
import { ConfigPanel } from './config-panel.ts';
import { FaultsPanel } from './faults-panel.ts';
import { QuotaPanel } from './quota-panel.ts';
import { RequestFeed } from './request-feed.ts';
import { ResourcesPanel } from './resources-panel.ts';
import { TrafficPanel } from './traffic-panel.ts';

/** How long the page waits before reconnecting a feed that ended. */
const RECONNECT_MS = 2_000;

const status = byId('status');
const dashboard = byId('dashboard');
const keyForm = byId<HTMLFormElement>('key-form');
let panels: Array<{ update(snapshot: Snapshot): void }> | undefined;

/** The panels are made with the first snapshot, so that a page without the key shows no data at all. */
function show(snapshot: Snapshot): void {
  if (!panels) {
    keyForm.hidden = true;
    dashboard.hidden = false;
    panels = [
      new QuotaPanel(byId('quota')),
      new TrafficPanel(),
      new FaultsPanel(byId('faults')),
      new ResourcesPanel(byId('resources')),
      new RequestFeed(byId('feed')),
      new ConfigPanel(byId('config')),
    ];
  }
  status.textContent = `Live · ${new Date(snapshot.at).toLocaleTimeString()} · journal ${snapshot.journal.entries} entries, ${snapshot.journal.dropped} dropped`;
  for (const panel of panels) panel.update(snapshot);
}

async function connect(): Promise<void> {
  try {
    await readFeed(show, new AbortController().signal);
    status.textContent = 'The feed ended; reconnecting…';
  } catch (error) {
    if (error instanceof AdminKeyNeeded) {
      askForKey();
      return;
    }
    status.textContent = `Disconnected (${(error as Error).message}); reconnecting…`;
  }
  setTimeout(() => void connect(), RECONNECT_MS);
}

function askForKey(): void {
  status.textContent = 'The admin key is needed.';
  dashboard.hidden = true;
  keyForm.hidden = false;
  if (sessionStorage.length > 0) byId('key-error').textContent = 'That key was refused.';
  byId<HTMLInputElement>('admin-key').focus();
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  rememberAdminKey(byId<HTMLInputElement>('admin-key').value);
  status.textContent = 'Connecting…';
  void connect();
});

void connect();
