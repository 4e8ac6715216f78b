import { AoaiError } from '../../http/aoai-error.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { UPLOAD_PURPOSES } from './file-object.ts';

/**
 * The Files API's refusals, in the OpenAI error shape the Files routes answer in. The wording follows the
 * OpenAI API's; the Azure specs give the shape (ErrorResponse) but no messages.
 */
export const fileErrors = {
  /** An id the store does not hold: never issued, deleted, expired or evicted. */
  notFound: (id: string) => AoaiError.openai(404, `No such File object: ${id}`, { param: 'id' }),

  missingFile: () => serviceErrors.invalidRequest("'file' is a required property", 'file'),

  missingPurpose: () => serviceErrors.invalidRequest("'purpose' is a required property", 'purpose'),

  badPurpose: (purpose: string) =>
    serviceErrors.invalidRequest(
      `'${purpose}' is not one of [${UPLOAD_PURPOSES.map((each) => `'${each}'`).join(', ')}] - 'purpose'`,
      'purpose',
    ),

  badExpiresAfter: (message: string, param: string) => serviceErrors.invalidRequest(message, param),

  badListParameter: (message: string, param: string) => serviceErrors.invalidRequest(message, param),
};
