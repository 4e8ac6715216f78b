import { imageSize } from 'image-size';
import type { UploadedFile } from '../../http/body.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import type { ImageDimensions } from './image-usage.ts';

/** The media types the edits operation takes, as the service lists them in its refusal. */
const IMAGE_MIMETYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** What image-size calls the formats of IMAGE_MIMETYPES. */
const IMAGE_TYPES: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** A JPEG's first bytes: its size may sit past the bytes kept of an upload (behind a large EXIF block). */
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

/** The size assumed for a JPEG whose size lies past the kept bytes. */
const UNKNOWN_SIZE: ImageDimensions = { width: 1024, height: 1024 };

/** An uploaded image's size and media type. */
export interface UploadedImage extends ImageDimensions {
  mimetype: string;
}

/**
 * An uploaded file's size, read from its first bytes (the header), or the service's 400 naming `param`: a part
 * whose declared type is not an image type is refused by that type (the SDKs send `application/octet-stream`
 * for a file given no type, which the service refuses), and one whose bytes are not the image they claim.
 */
export function readUploadedImage(file: UploadedFile, param: string): UploadedImage {
  const declared = file.mimetype.split(';')[0]!.trim().toLowerCase();
  if (!(IMAGE_MIMETYPES as readonly string[]).includes(declared)) {
    throw serviceErrors.invalidRequest(
      `Invalid file '${param}': unsupported mimetype ('${declared}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
      param,
      'unsupported_file_mimetype',
    );
  }
  const found = sizeOf(file.head);
  if (found === undefined && declared === 'image/jpeg' && file.head.subarray(0, JPEG_START.length).equals(JPEG_START)) {
    return { ...UNKNOWN_SIZE, mimetype: declared };
  }
  if (found === undefined || IMAGE_TYPES[found.type] === undefined) {
    throw serviceErrors.invalidRequest(
      `Invalid file '${param}': the file is not a valid image. Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
      param,
      'invalid_image_file',
    );
  }
  return { width: found.width, height: found.height, mimetype: IMAGE_TYPES[found.type]! };
}

function sizeOf(head: Buffer): { width: number; height: number; type: string } | undefined {
  try {
    const { width, height, type } = imageSize(head);
    return width > 0 && height > 0 && type ? { width, height, type } : undefined;
  } catch {
    return undefined;
  }
}
