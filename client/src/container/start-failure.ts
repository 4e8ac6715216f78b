/** What was known when a container did not start, to tell the person what to do about it. */
export interface StartFailureFacts {
  /** The image it tried. */
  image: string;
  /** Whether that image is on this machine (undefined when Docker could not be asked). */
  imagePresent: boolean | undefined;
  /** Whether TESTCONTAINERS_RYUK_DISABLED is true: Testcontainers then starts no reaper. */
  reaperDisabled: boolean;
}

/** The build that makes an image from a clone of the repository, as its README and CI do. */
export const BUILD_COMMAND = 'docker build --network host -t aoai-sim:dev .';
const WITHOUT_DOCKER = 'To run without Docker, AoaiSim.startInProcess() starts the simulator in this process, with the same handle.';

/**
 * A simulator container that did not start, for a reason the client knows, with what to do about it. The
 * error Testcontainers (or Docker) raised is its `cause`.
 */
export class AoaiSimStartError extends Error {
  readonly image: string;
  readonly reason: 'no-container-runtime' | 'image-unavailable' | 'reaper-unavailable' | 'container-exited';

  constructor(reason: AoaiSimStartError['reason'], image: string, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'AoaiSimStartError';
    this.reason = reason;
    this.image = image;
  }
}

/**
 * The known ways a start fails, as an AoaiSimStartError saying what to do; undefined for any other failure,
 * which the caller rethrows as it came. Pure: the facts are gathered after the failure.
 */
export function explainStartFailure(error: unknown, facts: StartFailureFacts): AoaiSimStartError | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const said = text.split('\n')[0]!.trim();
  if (/could not find a working container runtime strategy/i.test(text)) {
    return new AoaiSimStartError(
      'no-container-runtime',
      facts.image,
      `aoai-sim: Testcontainers found no Docker engine to start ${facts.image} in (${said}). Start Docker, or point DOCKER_HOST at one. ${WITHOUT_DOCKER}`,
      error,
    );
  }
  if (!isPullFailure(text)) return undefined;
  // Testcontainers pulls the image first and its reaper (testcontainers/ryuk) after: with the image here, a pull
  // that failed was the reaper's
  if (facts.imagePresent === true && !facts.reaperDisabled) {
    return new AoaiSimStartError(
      'reaper-unavailable',
      facts.image,
      `aoai-sim: Testcontainers could not pull its reaper image (testcontainers/ryuk), which removes containers a test leaves behind (${said}). ` +
        `Set TESTCONTAINERS_RYUK_DISABLED=true to run without it (then stop each container yourself: \`await using\`, or stop()), or make the reaper image available to Docker. ${WITHOUT_DOCKER}`,
      error,
    );
  }
  if (facts.imagePresent === true) return undefined;
  return new AoaiSimStartError(
    'image-unavailable',
    facts.image,
    [
      `aoai-sim: the image ${facts.image} is not on this machine, and pulling it failed (${said}).`,
      `- To use an image you have, set AOAI_SIM_IMAGE to its name (or pass { image } to AoaiSimContainer.start()).`,
      `- To build one, run \`${BUILD_COMMAND}\` in a clone of the aoai-sim repository, then set AOAI_SIM_IMAGE=aoai-sim:dev.`,
      `- ${WITHOUT_DOCKER}`,
    ].join('\n'),
    error,
  );
}

/** What Docker and its registries answer when an image cannot be pulled: unreachable, unknown, or refused. */
const PULL_FAILURE =
  /pull access denied|manifest unknown|manifest for .* not found|no such image|repository does not exist|registry|no such host|i\/o timeout|TLS handshake timeout|authentication required|toomanyrequests/i;

function isPullFailure(text: string): boolean {
  return PULL_FAILURE.test(text);
}
