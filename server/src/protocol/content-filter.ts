/**
 * Content-filter annotations as the service attaches them: all clear by default; a scenario's
 * content-filter outcome sets severities and detections per category.
 */
import type { ContentFilterOutcome, Severity } from '../generated/scenarios.ts';

export type { Severity };

export interface SeverityResult {
  filtered: boolean;
  severity: Severity;
}

export interface DetectedResult {
  filtered: boolean;
  detected: boolean;
}

/** Per-category outcome a scenario asks for: the schema's content-filter outcome without its stage and cut. */
export type FilterCategories = Omit<ContentFilterOutcome, 'stage' | 'afterTokens'>;

/** The default policy filters medium and high severities. */
const isFiltered = (severity: Severity) => severity === 'medium' || severity === 'high';
const severity = (level: Severity = 'safe'): SeverityResult => ({ filtered: isFiltered(level), severity: level });
const detected = (flag: boolean): DetectedResult => ({ filtered: flag, detected: flag });

/** The prompt's annotations: severities plus jailbreak detection. Keys sorted, as the service sends them. */
export function promptFilterResults(outcome: FilterCategories = {}) {
  return {
    hate: severity(outcome.hate),
    jailbreak: detected(outcome.jailbreak ?? false),
    ...(outcome.profanity !== undefined ? { profanity: detected(outcome.profanity) } : {}),
    self_harm: severity(outcome.self_harm),
    sexual: severity(outcome.sexual),
    violence: severity(outcome.violence),
  };
}

/** A completion's annotations. */
export function completionFilterResults(outcome: FilterCategories = {}) {
  return {
    hate: severity(outcome.hate),
    ...(outcome.profanity !== undefined ? { profanity: detected(outcome.profanity) } : {}),
    ...(outcome.protected_material_text !== undefined ? { protected_material_text: detected(outcome.protected_material_text) } : {}),
    self_harm: severity(outcome.self_harm),
    sexual: severity(outcome.sexual),
    violence: severity(outcome.violence),
  };
}

/** `prompt_filter_results` for chat and completions: one entry per prompt. */
export function promptFilterList(prompts = 1, outcome: FilterCategories = {}) {
  return Array.from({ length: prompts }, (_, i) => ({ prompt_index: i, content_filter_results: promptFilterResults(outcome) }));
}
