import { BitWriter } from './bit-writer.ts';

/**
 * A still, mid-grey picture as an H.264 stream (Constrained Baseline profile, CAVLC): the parameter sets, one IDR
 * picture and the P pictures that repeat it. Every IDR macroblock is Intra 16×16 with DC prediction and no
 * residual, which decodes to grey (128) at about a byte a macroblock; every P picture is one run of skipped
 * macroblocks, a few bytes. So a clip of any size and length costs a few kilobytes and decodes in any real
 * decoder. Written here because no maintained npm package encodes H.264 without native code or WebAssembly; the
 * MP4 around it is left to mp4-muxer.
 */
export interface H264Still {
  /** The sequence parameter set NAL unit, without a start code. */
  sps: Buffer;
  /** The picture parameter set NAL unit. */
  pps: Buffer;
  /** The IDR picture's slice NAL unit. */
  idr: Buffer;
  /** The P picture that repeats the one before it, `frameNum` in decoding order (1, 2, …). */
  repeat(frameNum: number): Buffer;
  /** The AVCDecoderConfigurationRecord (ISO 14496-15) an MP4 `avcC` box holds. */
  decoderConfig: Buffer;
  /** The codec string, as in `avc1.42c028`. */
  codec: string;
}

const PROFILE_BASELINE = 66;
/** constraint_set0 and constraint_set1: Constrained Baseline, which every decoder takes. */
const CONSTRAINTS = 0b1100_0000;
/** Level 4: frames up to 8,192 macroblocks (1792×1024 is 7,168) at 30 frames a second. */
const LEVEL = 40;
/** frame_num takes 16 bits: it counts the P pictures of a clip, far fewer than 65,536. */
const LOG2_MAX_FRAME_NUM = 16;
/** mb_type 3 of an I slice: Intra 16×16, DC prediction, no coded luma or chroma. */
const I16X16_DC_NO_RESIDUAL = 3;

const NAL_SPS = 0x67;
const NAL_PPS = 0x68;
const NAL_IDR = 0x65;
/** A reference (nal_ref_idc 2) non-IDR slice: each P picture refers to the one before. */
const NAL_P = 0x41;

class RbspWriter extends BitWriter {
  /** ue(v): Exp-Golomb, unsigned. */
  ue(value: number): this {
    const code = value + 1;
    const bits = Math.floor(Math.log2(code)) + 1;
    return this.write(0, bits - 1).write(code, bits);
  }

  /** se(v): Exp-Golomb, signed. */
  se(value: number): this {
    return this.ue(value <= 0 ? -2 * value : 2 * value - 1);
  }

  flag(on: boolean): this {
    return this.write(on ? 1 : 0, 1);
  }

  /** rbsp_trailing_bits: a stop bit, then zeros to the byte. */
  trailing(): Buffer {
    this.write(1, 1);
    const pad = (8 - (this.bitLength % 8)) % 8;
    return this.write(0, pad).toBuffer();
  }
}

/** The NAL unit of a header byte and a payload, with emulation prevention bytes where three would look like a start code. */
function nalUnit(header: number, rbsp: Buffer): Buffer {
  const out = [header];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

/** The still stream for a picture of `width`×`height` pixels (even numbers, at most 4096 each). */
export function h264Still(width: number, height: number): H264Still {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16 || width % 2 || height % 2)
    throw new RangeError(`no H.264 still of ${width}x${height}`);
  const widthMbs = Math.ceil(width / 16);
  const heightMbs = Math.ceil(height / 16);
  const macroblocks = widthMbs * heightMbs;

  const sps = new RbspWriter()
    .write(PROFILE_BASELINE, 8)
    .write(CONSTRAINTS, 8)
    .write(LEVEL, 8)
    .ue(0) // seq_parameter_set_id
    .ue(LOG2_MAX_FRAME_NUM - 4)
    .ue(2) // pic_order_cnt_type 2: output order is decoding order, no B pictures
    .ue(1) // max_num_ref_frames
    .flag(false) // gaps_in_frame_num_value_allowed_flag
    .ue(widthMbs - 1)
    .ue(heightMbs - 1)
    .flag(true) // frame_mbs_only_flag
    .flag(true); // direct_8x8_inference_flag
  // a size that is not whole macroblocks is cropped, in 2-pixel units for 4:2:0
  const cropRight = (widthMbs * 16 - width) / 2;
  const cropBottom = (heightMbs * 16 - height) / 2;
  sps.flag(cropRight > 0 || cropBottom > 0);
  if (cropRight > 0 || cropBottom > 0) sps.ue(0).ue(cropRight).ue(0).ue(cropBottom);
  sps.flag(false); // vui_parameters_present_flag: the MP4 carries the timing
  const spsNal = nalUnit(NAL_SPS, sps.trailing());

  const pps = new RbspWriter()
    .ue(0) // pic_parameter_set_id
    .ue(0) // seq_parameter_set_id
    .flag(false) // entropy_coding_mode_flag: CAVLC
    .flag(false) // bottom_field_pic_order_in_frame_present_flag
    .ue(0) // num_slice_groups_minus1
    .ue(0) // num_ref_idx_l0_default_active_minus1
    .ue(0) // num_ref_idx_l1_default_active_minus1
    .flag(false) // weighted_pred_flag
    .write(0, 2) // weighted_bipred_idc
    .se(0) // pic_init_qp_minus26
    .se(0) // pic_init_qs_minus26
    .se(0) // chroma_qp_index_offset
    .flag(false) // deblocking_filter_control_present_flag
    .flag(false) // constrained_intra_pred_flag
    .flag(false); // redundant_pic_cnt_present_flag
  const ppsNal = nalUnit(NAL_PPS, pps.trailing());

  const idr = new RbspWriter()
    .ue(0) // first_mb_in_slice
    .ue(7) // slice_type: I, as every slice of the picture
    .ue(0) // pic_parameter_set_id
    .write(0, LOG2_MAX_FRAME_NUM) // frame_num
    .ue(0) // idr_pic_id
    .flag(false) // no_output_of_prior_pics_flag
    .flag(false) // long_term_reference_flag
    .se(0); // slice_qp_delta
  for (let mb = 0; mb < macroblocks; mb++) {
    idr
      .ue(I16X16_DC_NO_RESIDUAL)
      .ue(0) // intra_chroma_pred_mode: DC
      .se(0) // mb_qp_delta
      .write(1, 1); // the luma DC block's coeff_token: no coefficients (nC 0)
  }
  const idrNal = nalUnit(NAL_IDR, idr.trailing());

  const repeat = (frameNum: number) =>
    nalUnit(
      NAL_P,
      new RbspWriter()
        .ue(0) // first_mb_in_slice
        .ue(5) // slice_type: P, as every slice of the picture
        .ue(0) // pic_parameter_set_id
        .write(frameNum % 2 ** LOG2_MAX_FRAME_NUM, LOG2_MAX_FRAME_NUM)
        .flag(false) // num_ref_idx_active_override_flag
        .flag(false) // ref_pic_list_modification_flag_l0
        .flag(false) // adaptive_ref_pic_marking_mode_flag: sliding window
        .se(0) // slice_qp_delta
        .ue(macroblocks) // mb_skip_run: the whole picture is the one before
        .trailing(),
    );

  const decoderConfig = Buffer.concat([
    Buffer.from([1, spsNal[1]!, spsNal[2]!, spsNal[3]!, 0xff, 0xe1]),
    lengthPrefixed(spsNal, 2),
    Buffer.from([1]),
    lengthPrefixed(ppsNal, 2),
  ]);
  const codec = `avc1.${[PROFILE_BASELINE, CONSTRAINTS, LEVEL].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  return { sps: spsNal, pps: ppsNal, idr: idrNal, repeat, decoderConfig, codec };
}

/** `nal` after its length in `bytes` big-endian bytes: the AVCC sample layout (4) and the avcC record's (2). */
export function lengthPrefixed(nal: Buffer, bytes: 2 | 4): Buffer {
  const length = Buffer.alloc(bytes);
  length.writeUIntBE(nal.length, 0, bytes);
  return Buffer.concat([length, nal]);
}
