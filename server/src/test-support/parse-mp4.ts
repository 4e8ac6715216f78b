import { createFile, MP4BoxBuffer, type Movie } from 'mp4box';

/** What a real demuxer (GPAC's MP4Box, in JavaScript) makes of an MP4: its movie, or an error when it cannot read one. */
export function parseMp4(bytes: Uint8Array): Movie {
  const file = createFile();
  let movie: Movie | undefined;
  let failure: string | undefined;
  file.onReady = (info) => (movie = info);
  file.onError = (module, message) => (failure = `${module}: ${message}`);
  const copy = new Uint8Array(bytes).buffer;
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0), true);
  file.flush();
  if (!movie) throw new Error(`MP4Box found no movie${failure ? ` (${failure})` : ''}`);
  return movie;
}

/** The movie's one video track, summed up as a test compares it. */
export function videoTrackOf(movie: Movie) {
  const [track] = movie.videoTracks;
  if (!track || movie.videoTracks.length !== 1) throw new Error(`expected one video track, found ${movie.videoTracks.length}`);
  return {
    codec: track.codec,
    width: track.video?.width,
    height: track.video?.height,
    seconds: track.duration / track.timescale,
    frames: track.nb_samples,
  };
}
