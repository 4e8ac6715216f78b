/**
 * Content-filter annotations as the service attaches them: all clear by default; a scenario's
 * content-filter outcome sets severities and detections per category. Categories are in the service's key order
 * (sorted by name); a detection reads `{filtered, detected}`, as the service sends it.
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

/** What of a deployment's filter configuration shows on every answer. */
export interface AnnotationPolicy {
  /** The protected material models run, so their all-clear results are on every completion's annotations. */
  protectedMaterial: boolean;
}

/** The default policy filters medium and high severities; an annotating outcome filters nothing. */
const isFiltered = (severity: Severity) => severity === 'medium' || severity === 'high';
const severity = (level: Severity = 'safe', annotate = false): SeverityResult => ({
  filtered: !annotate && isFiltered(level),
  severity: level,
});
const detected = (flag: boolean, annotate = false): DetectedResult => ({ filtered: flag && !annotate, detected: flag });
const annotating = (outcome: FilterCategories) => outcome.action === 'annotate';

/** `custom_blocklists` as the newest specs give it (`contentFilterDetailedResults`): the lists that matched. */
function customBlocklists(id: string, annotate: boolean) {
  return { filtered: !annotate, details: [{ filtered: !annotate, id }] };
}

/** `protected_material_code`: a detection with the citation of the repository it was found in. */
function protectedCode(outcome: FilterCategories, annotate: boolean) {
  const result = detected(outcome.protected_material_code ?? false, annotate);
  return outcome.citation ? { ...result, citation: { URL: outcome.citation.URL, license: outcome.citation.license } } : result;
}

/** The prompt's annotations: severities plus jailbreak detection, and what an outcome adds. */
export function promptFilterResults(outcome: FilterCategories = {}) {
  const annotate = annotating(outcome);
  return {
    ...(outcome.blocklist !== undefined ? { custom_blocklists: customBlocklists(outcome.blocklist, annotate) } : {}),
    hate: severity(outcome.hate, annotate),
    ...(outcome.indirect_attack !== undefined ? { indirect_attack: detected(outcome.indirect_attack, annotate) } : {}),
    jailbreak: detected(outcome.jailbreak ?? false, annotate),
    ...(outcome.profanity !== undefined ? { profanity: detected(outcome.profanity, annotate) } : {}),
    self_harm: severity(outcome.self_harm, annotate),
    sexual: severity(outcome.sexual, annotate),
    violence: severity(outcome.violence, annotate),
  };
}

/** A completion's annotations; the protected material results come when the policy runs them or an outcome sets them. */
export function completionFilterResults(outcome: FilterCategories = {}, policy?: AnnotationPolicy) {
  const annotate = annotating(outcome);
  const protectedMaterial = policy?.protectedMaterial === true;
  const code = protectedMaterial || outcome.protected_material_code !== undefined || outcome.citation !== undefined;
  const text = protectedMaterial || outcome.protected_material_text !== undefined;
  return {
    ...(outcome.blocklist !== undefined ? { custom_blocklists: customBlocklists(outcome.blocklist, annotate) } : {}),
    hate: severity(outcome.hate, annotate),
    ...(outcome.profanity !== undefined ? { profanity: detected(outcome.profanity, annotate) } : {}),
    ...(code ? { protected_material_code: protectedCode(outcome, annotate) } : {}),
    ...(text ? { protected_material_text: detected(outcome.protected_material_text ?? false, annotate) } : {}),
    self_harm: severity(outcome.self_harm, annotate),
    sexual: severity(outcome.sexual, annotate),
    violence: severity(outcome.violence, annotate),
  };
}

/** `prompt_filter_results` for chat and completions: one entry per prompt. */
export function promptFilterList(prompts = 1, outcome: FilterCategories = {}) {
  return Array.from({ length: prompts }, (_, i) => ({ prompt_index: i, content_filter_results: promptFilterResults(outcome) }));
}
