import test from 'ava';
import { AoaiSimContainer } from './aoai-sim-container.ts';
import { AoaiSimStartError, BUILD_COMMAND, explainStartFailure } from './start-failure.ts';

const IMAGE = 'ghcr.io/aoai-sim/aoai-sim:0.1.0';
// what Docker answered here, with no registry reachable
const UNREACHABLE = new Error(
  '(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host ',
);
const UNKNOWN_IMAGE = new Error(
  "(HTTP code 404) unexpected - pull access denied for aoai-sim-nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied ",
);

test('an image that is not here and cannot be pulled: its name, AOAI_SIM_IMAGE, the build command, and the in-process way', (t) => {
  for (const cause of [UNREACHABLE, UNKNOWN_IMAGE]) {
    const explained = explainStartFailure(cause, { image: IMAGE, imagePresent: false, reaperDisabled: false });
    t.true(explained instanceof AoaiSimStartError);
    t.is(explained?.reason, 'image-unavailable');
    t.is(explained?.image, IMAGE);
    t.is(explained?.cause, cause, 'what Docker said is kept as the cause');
    const message = explained?.message ?? '';
    t.true(message.startsWith(`aoai-sim: the image ${IMAGE} is not on this machine, and pulling it failed (${cause.message.trim()})`));
    t.true(message.includes('set AOAI_SIM_IMAGE to its name'));
    t.true(message.includes(BUILD_COMMAND));
    t.true(message.includes('AoaiSim.startInProcess()'));
  }
});

test('a reaper that cannot be pulled: TESTCONTAINERS_RYUK_DISABLED', (t) => {
  const explained = explainStartFailure(UNREACHABLE, { image: IMAGE, imagePresent: true, reaperDisabled: false });
  t.is(explained?.reason, 'reaper-unavailable');
  t.regex(explained?.message ?? '', /reaper image \(testcontainers\/ryuk\).*Set TESTCONTAINERS_RYUK_DISABLED=true to run without it/);
  t.regex(explained?.message ?? '', /AoaiSim\.startInProcess\(\)/);
});

test('no Docker at all: start one, or run in this process', (t) => {
  const explained = explainStartFailure(new Error('Could not find a working container runtime strategy'), {
    image: IMAGE,
    imagePresent: undefined,
    reaperDisabled: true,
  });
  t.is(explained?.reason, 'no-container-runtime');
  t.regex(
    explained?.message ?? '',
    /found no Docker engine to start ghcr\.io\/aoai-sim\/aoai-sim:0\.1\.0 in .*DOCKER_HOST.*AoaiSim\.startInProcess\(\)/,
  );
});

test('a failure the client does not know is left as it came', (t) => {
  const facts = { image: IMAGE, imagePresent: true, reaperDisabled: true };
  t.is(explainStartFailure(new Error('URL /healthz not accessible after 30000ms'), facts), undefined);
  t.is(explainStartFailure(UNREACHABLE, facts), undefined, 'the image is here and there is no reaper: not a pull of ours');
  t.is(
    explainStartFailure(new Error('(HTTP code 500) server error - driver failed programming external connectivity'), {
      ...facts,
      reaperDisabled: false,
    }),
    undefined,
  );
});

test('starting an image that does not exist fails with what to do', async (t) => {
  // no registry answers here, so the pull fails at once; where one does, an unknown name fails about as fast
  t.timeout(60_000);
  const image = 'aoai-sim-test/no-such-image:never';
  const error = await t.throwsAsync(AoaiSimContainer.start({ image }), { instanceOf: AoaiSimStartError });
  t.regex(error.message, /AoaiSim\.startInProcess\(\)/);
  if (error.reason === 'no-container-runtime') return t.log('no Docker engine here: the no-Docker advice was given instead');
  t.is(error.reason, 'image-unavailable');
  t.true(error.message.includes(`the image ${image} is not on this machine`));
  t.true(error.message.includes('AOAI_SIM_IMAGE'));
  t.true(error.message.includes(BUILD_COMMAND));
});
