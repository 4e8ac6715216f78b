import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { isKnownApiVersion } from '../../protocol/api-versions.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { contentText } from '../../tokens/prompt-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { ChatRequest } from './chat-request.ts';

/** `prediction`: the text the answer is expected to resemble (predicted outputs). */
export interface Prediction {
  type: 'content';
  content: string | ReadonlyArray<{ type: string; text?: string }>;
}

/** The first api-version with `prediction` (the Azure "predicted outputs" page: 2025-01-01-preview and later). */
const PREDICTION_SINCE = '2025-01-01';

/** The models the Azure page lists: gpt-4o-mini, gpt-4o, gpt-4.1, gpt-4.1-mini and gpt-4.1-nano. */
const PREDICTING_MODELS = /^(gpt-4o(-mini)?|gpt-4\.1(-mini|-nano)?)(-\d{4}-\d{2}-\d{2})?$/;

/**
 * Refuses `prediction` where the service does not take it: before 2025-01-01-preview (an unknown argument there),
 * on models the page does not list, and with what the page lists as unsupported alongside it: tools, audio,
 * n > 1, logprobs, positive presence or frequency penalties, max_completion_tokens.
 */
export function checkPrediction(
  request: ChatRequest,
  deployment: ResolvedDeployment,
  apiVersion: string | undefined,
): Prediction | undefined {
  const prediction = (request as { prediction?: Prediction | null }).prediction;
  if (prediction === undefined || prediction === null) return undefined;
  if (apiVersion !== undefined && isKnownApiVersion(apiVersion) && apiVersion.slice(0, 10) < PREDICTION_SINCE) {
    throw serviceErrors.unrecognizedArgument('prediction');
  }
  if (prediction.type !== 'content') {
    throw serviceErrors.invalidRequest(
      `Invalid value: '${String(prediction.type)}'. Supported values are: 'content'.`,
      'prediction.type',
      'invalid_value',
    );
  }
  if (typeof prediction.content !== 'string' && !Array.isArray(prediction.content)) {
    throw serviceErrors.invalidRequest(
      "Missing required parameter: 'prediction.content'.",
      'prediction.content',
      'missing_required_parameter',
    );
  }
  if (!PREDICTING_MODELS.test(deployment.model)) {
    throw serviceErrors.invalidRequest(
      `Predicted outputs are not supported with model ${deployment.model}.`,
      'prediction',
      'unsupported_parameter',
    );
  }
  const body = request as unknown as Record<string, unknown>;
  const conflict =
    (Array.isArray(request.tools) && request.tools.length > 0 && 'tools') ||
    (body.audio != null && 'audio') ||
    (Array.isArray(body.modalities) && body.modalities.some((modality) => modality !== 'text') && 'modalities') ||
    ((request.n ?? 1) > 1 && 'n') ||
    (request.logprobs === true && 'logprobs') ||
    (((body.presence_penalty as number | null | undefined) ?? 0) > 0 && 'presence_penalty') ||
    (((body.frequency_penalty as number | null | undefined) ?? 0) > 0 && 'frequency_penalty') ||
    (request.max_completion_tokens != null && 'max_completion_tokens');
  if (conflict) {
    throw serviceErrors.invalidRequest(
      `Unsupported parameter: '${conflict}' is not supported with predicted outputs.`,
      conflict,
      'unsupported_parameter',
    );
  }
  return prediction;
}

/** Prediction tokens the answer used and did not use. */
export interface PredictionTokens {
  accepted: number;
  rejected: number;
}

/**
 * How much of the prediction the answer kept. The service does not publish its rule; this one is what a
 * speculative decoder keeps when the answer is the prediction with one stretch edited: the tokens of the
 * prediction the answer starts with and ends with (each token counted once) are accepted, the rest rejected.
 * An answer equal to the prediction accepts it all; an unrelated answer rejects it all.
 */
export function predictionTokens(tokenizer: Tokenizer, prediction: Prediction, answer: string | null): PredictionTokens {
  const predicted = tokenizer.encode(contentText(prediction.content));
  const answered = answer ? tokenizer.encode(answer) : [];
  const most = Math.min(predicted.length, answered.length);
  let head = 0;
  while (head < most && predicted[head] === answered[head]) head++;
  let tail = 0;
  while (tail < most - head && predicted[predicted.length - 1 - tail] === answered[answered.length - 1 - tail]) tail++;
  return { accepted: head + tail, rejected: predicted.length - head - tail };
}
