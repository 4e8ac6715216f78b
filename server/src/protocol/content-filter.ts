/**
 * Content-filter annotations as the service attaches them. A simulator answer is safe unless a scenario says
 * otherwise, so these are the all-clear shapes; scenario rules (a later issue) set other severities.
 */
export type Severity = 'safe' | 'low' | 'medium' | 'high';

export interface SeverityResult {
  filtered: boolean;
  severity: Severity;
}

export interface DetectedResult {
  filtered: boolean;
  detected: boolean;
}

const safe = (): SeverityResult => ({ filtered: false, severity: 'safe' });

/** The prompt's annotations: severities plus jailbreak detection. Keys sorted, as the service sends them. */
export function promptFilterResults() {
  return {
    hate: safe(),
    jailbreak: { filtered: false, detected: false } as DetectedResult,
    self_harm: safe(),
    sexual: safe(),
    violence: safe(),
  };
}

/** A completion's annotations. */
export function completionFilterResults() {
  return { hate: safe(), self_harm: safe(), sexual: safe(), violence: safe() };
}

/** `prompt_filter_results` for chat and completions: one entry per prompt. */
export function promptFilterList(prompts = 1) {
  return Array.from({ length: prompts }, (_, i) => ({ prompt_index: i, content_filter_results: promptFilterResults() }));
}
