import { fileErrors } from './file-errors.ts';
import { UPLOAD_PURPOSES, type FilePurpose } from './file-object.ts';

/** The bounds of `expires_after[seconds]`: an hour to 30 days, as the Files API documents them. */
export const MIN_EXPIRES_AFTER_SECONDS = 3600;
export const MAX_EXPIRES_AFTER_SECONDS = 2_592_000;

/** What an upload's text fields ask for. */
export interface UploadRequest {
  purpose: FilePurpose;
  /** Seconds after creation that the file expires; undefined when the upload sets none. */
  expiresAfterSeconds?: number;
}

/**
 * Reads an upload's fields (the SDKs send `expires_after` as `expires_after[anchor]` and
 * `expires_after[seconds]`), or throws the service's 400 for a missing or unknown purpose and an expiry policy
 * out of bounds.
 */
export function uploadRequest(fields: Readonly<Record<string, string>>): UploadRequest {
  const purpose = fields.purpose;
  if (purpose === undefined || purpose === '') throw fileErrors.missingPurpose();
  if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) throw fileErrors.badPurpose(purpose);
  const anchor = fields['expires_after[anchor]'];
  const seconds = fields['expires_after[seconds]'];
  if (anchor === undefined && seconds === undefined) return { purpose: purpose as FilePurpose };
  if (anchor !== 'created_at')
    throw fileErrors.badExpiresAfter(`Invalid value for 'expires_after.anchor': expected 'created_at'.`, 'expires_after.anchor');
  const value = Number(seconds);
  if (seconds === undefined || !Number.isInteger(value) || value < MIN_EXPIRES_AFTER_SECONDS || value > MAX_EXPIRES_AFTER_SECONDS)
    throw fileErrors.badExpiresAfter(
      `Invalid value for 'expires_after.seconds': expected an integer between ${MIN_EXPIRES_AFTER_SECONDS} and ${MAX_EXPIRES_AFTER_SECONDS}.`,
      'expires_after.seconds',
    );
  return { purpose: purpose as FilePurpose, expiresAfterSeconds: value };
}
