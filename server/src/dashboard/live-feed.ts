import type { ServerResponse } from 'node:http';

/** How often a connected page gets a snapshot. */
export const FEED_INTERVAL_MS = 1_000;
/** The most bytes waiting to be sent to one page: past it, its snapshots are skipped until it catches up. */
export const MAX_CLIENT_BUFFER_BYTES = 1024 * 1024;
/** Snapshots skipped in a row after which a page that does not read is disconnected (it reconnects when it can). */
export const MAX_SKIPPED_SNAPSHOTS = 10;
/** The most pages connected at once: each costs a serialized snapshot a second, shared, and a socket. */
export const MAX_FEED_CLIENTS = 16;

/** What the feed pushes, made afresh for each interval (see SnapshotMaker). */
export interface SnapshotSource {
  /**
   * The next snapshot. `previousCostMs` is how long the feed took to make and serialize the previous one (null
   * for the first): time the simulator's event loop spent on the dashboard rather than on requests.
   */
  next(previousCostMs: number | null): Promise<unknown>;
}

/**
 * The main thread's CPU time, ms: what a snapshot takes from the data plane, not inflated when other processes
 * take the core in the middle of it. On a Node without process.threadCpuUsage, the process's CPU time (which
 * counts its other threads too): CPU time either way, never the clock, which the simulation's own Clock owns.
 */
const threadMs: () => number = () => {
  const { user, system } = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (user + system) / 1000;
};

interface FeedClient {
  response: ServerResponse;
  skipped: number;
}

/**
 * The dashboard's live feed: server-sent events, one `snapshot` event a second to every connected page. Nothing
 * runs while no page is connected: the timer and the snapshot source (with its remembered readings) are made by
 * the first page and dropped with the last, so the data plane pays nothing for a dashboard nobody watches.
 * Each snapshot is made and serialized once for all pages; a page that does not read has its snapshots skipped
 * (its socket's buffer stays under MAX_CLIENT_BUFFER_BYTES) and is let go after MAX_SKIPPED_SNAPSHOTS.
 */
export class LiveFeed {
  readonly #makeSource: () => SnapshotSource;
  readonly #intervalMs: number;
  readonly #clients = new Set<FeedClient>();
  #source: SnapshotSource | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pushing = false;
  /** What the last push cost, ms, from asking the source to the frame ready; null before the first. */
  #costMs: number | null = null;
  /** Called with a failure of the snapshot source: the feed goes on, the error is the operator's to see. */
  onError: (error: unknown) => void = () => {};

  constructor(makeSource: () => SnapshotSource, intervalMs = FEED_INTERVAL_MS) {
    this.#makeSource = makeSource;
    this.#intervalMs = intervalMs;
  }

  /** Pages connected now. */
  get clients(): number {
    return this.#clients.size;
  }

  /** Whether the feed's timer runs (only while a page is connected). */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Whether another page may connect. */
  get full(): boolean {
    return this.#clients.size >= MAX_FEED_CLIENTS;
  }

  /** Streams the feed to `response` until it closes; the first page starts the feed. */
  connect(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    // the page's reconnect wait, should the connection drop
    response.write(`retry: ${this.#intervalMs * 2}\n\n`);
    const client: FeedClient = { response, skipped: 0 };
    this.#clients.add(client);
    response.on('close', () => this.#leave(client));
    if (!this.#timer) {
      this.#source = this.#makeSource();
      // real time: a page is refreshed on the watcher's clock, whatever clock the simulation runs on
      this.#timer = setInterval(() => void this.#push(), this.#intervalMs);
      this.#timer.unref();
    }
    // the first snapshot now, so a page shows something at once
    void this.#push();
  }

  /** Ends every page's stream (the simulator is closing): a feed never holds a shutdown for its grace period. */
  close(): void {
    for (const client of this.#clients) client.response.end();
    this.#stop();
  }

  #leave(client: FeedClient): void {
    this.#clients.delete(client);
    if (this.#clients.size === 0) this.#stop();
  }

  #stop(): void {
    this.#clients.clear();
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#source = undefined;
    this.#costMs = null;
  }

  async #push(): Promise<void> {
    const source = this.#source;
    // a snapshot that takes longer than the interval (a slow shared store) is not stacked with the next
    if (!source || this.#pushing) return;
    this.#pushing = true;
    try {
      // with the limits in memory, making a snapshot awaits nothing but promises already settled: this is the
      // time the event loop was held (with a shared store, what else ran while it answered counts too)
      const started = threadMs();
      const frame = `event: snapshot\ndata: ${JSON.stringify(await source.next(this.#costMs))}\n\n`;
      this.#costMs = threadMs() - started;
      for (const client of this.#clients) this.#send(client, frame);
    } catch (error) {
      this.onError(error);
    } finally {
      this.#pushing = false;
    }
  }

  #send(client: FeedClient, frame: string): void {
    const { response } = client;
    if (response.writableLength > MAX_CLIENT_BUFFER_BYTES) {
      if (++client.skipped >= MAX_SKIPPED_SNAPSHOTS) response.destroy();
      return;
    }
    client.skipped = 0;
    response.write(frame);
  }
}
