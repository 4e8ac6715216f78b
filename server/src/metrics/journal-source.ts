/** What the request journal holds at the moment of a scrape. */
export interface JournalStats {
  /** Entries kept now. */
  entries: number;
  /** Their size, in bytes, as the journal accounts it. */
  bytes: number;
  /** Entries evicted or refused since the journal started: a running total. */
  dropped: number;
}

/**
 * Reads the journal's stats; called at every scrape, so it must be cheap. Synchronous so that the three
 * journal metrics of one scrape come from the same moment.
 */
export type JournalSource = () => JournalStats;
