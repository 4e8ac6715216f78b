import { AoaiError } from '../../http/aoai-error.ts';

const quoted = (values: readonly string[]) =>
  values.length === 1
    ? `'${values[0]}'`
    : `${values
        .slice(0, -1)
        .map((value) => `'${value}'`)
        .join(', ')} and '${values.at(-1)}'`;

/**
 * The video routes' refusals, in the OpenAI error shape the v1 routes answer in. The wording follows the OpenAI
 * API's for parameters (missing, not one of the values); the messages for a video not found or not ready are
 * not seen quoted from the service and are the simulator's own.
 */
export const videoErrors = {
  missingParameter: (param: string) =>
    AoaiError.openai(400, `Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' }),

  invalidValue: (param: string, value: string, supported: readonly string[]) =>
    AoaiError.openai(400, `Invalid value: '${value}'. Supported values are: ${quoted(supported)}.`, { param, code: 'invalid_value' }),

  invalidType: (param: string) => AoaiError.openai(400, `Invalid type for '${param}': expected a string.`, { param, code: 'invalid_type' }),

  notFound: (id: string) => AoaiError.openai(404, `Video with id '${id}' not found.`, { param: 'video_id', code: 'video_not_found' }),

  notReady: (id: string) =>
    AoaiError.openai(400, `Video ${id} is not ready yet: use GET /v1/videos/${id} to check its status.`, {
      param: 'video_id',
      code: 'video_not_ready',
    }),

  assetsExpired: (id: string) =>
    AoaiError.openai(404, `The assets of video ${id} have expired.`, { param: 'video_id', code: 'video_expired' }),

  stillRunning: (id: string, verb: string) =>
    AoaiError.openai(400, `Video ${id} cannot be ${verb} until it has completed or failed.`, { param: 'video_id', code: 'invalid_state' }),
};
