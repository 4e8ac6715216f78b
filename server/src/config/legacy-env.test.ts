import test from 'ava';
import { legacyEnvironment, legacyLogLevel, type LegacyFiles } from './legacy-env.ts';

/** A file system holding `paths` (directories or files), with `texts` for the files read. */
function files(paths: string[] = [], texts: Record<string, string> = {}): LegacyFiles {
  return {
    exists: (path) => paths.includes(path) || path in texts,
    readText: (path) => {
      if (!(path in texts)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return texts[path]!;
    },
  };
}

const run = (env: NodeJS.ProcessEnv, fs = files(), scenariosGiven = false) => legacyEnvironment(env, { scenariosGiven, files: fs });

test('SIMULATOR_MODE: record replays what is recorded and records the rest, as both Python simulators did', (t) => {
  t.is(run({ SIMULATOR_MODE: 'record' }, files(['.recording'])).overrides.mode, 'record-missing');
  t.is(run({ SIMULATOR_MODE: 'replay' }, files(['.recording'])).overrides.mode, 'replay');
  t.is(run({ SIMULATOR_MODE: 'generate' }).overrides.mode, 'generate');
  t.throws(() => run({ SIMULATOR_MODE: 'playback' }), { message: /SIMULATOR_MODE must be one of generate, replay, record/ });
});

test('RECORDING_DIR and CASSETTE_DIR: where recording writes and replay reads, alike', (t) => {
  for (const name of ['RECORDING_DIR', 'CASSETTE_DIR']) {
    const replay = run({ SIMULATOR_MODE: 'replay', [name]: '/cassettes' }, files(['/cassettes']));
    t.deepEqual(replay.overrides.replay, { cassettes: ['/cassettes'] }, name);
    t.is(replay.overrides.record?.dir, '/cassettes', name);
    const record = run({ SIMULATOR_MODE: 'record', [name]: 'new-dir' });
    t.deepEqual(record.overrides.replay, { cassettes: ['new-dir'] }, name);
    t.deepEqual(record.createDirs, ['new-dir'], `${name}: a directory recording writes to is created`);
  }
  t.is(run({ RECORDING_DIR: 'x' }).overrides.replay, undefined, 'generate mode reads no recordings, as there');
  t.throws(() => run({ RECORDING_DIR: 'a', CASSETTE_DIR: 'b' }), { message: /name different directories: set one of them/ });
  t.throws(() => run({ SIMULATOR_MODE: 'replay', CASSETTE_DIR: 'gone' }), {
    message: /replay reads its recordings from gone, which does not exist: record them first \(SIMULATOR_MODE=record\)/,
  });
});

test('without a directory: .recording, or .cassettes when only that exists; a scenarios file keeps its own', (t) => {
  t.deepEqual(run({ SIMULATOR_MODE: 'record' }).overrides.record?.dir, '.recording');
  t.deepEqual(run({ SIMULATOR_MODE: 'replay' }, files(['.recording', '.cassettes'])).overrides.replay, { cassettes: ['.recording'] });
  t.deepEqual(run({ SIMULATOR_MODE: 'replay' }, files(['.cassettes'])).overrides.replay, { cassettes: ['.cassettes'] });
  t.throws(() => run({ SIMULATOR_MODE: 'replay' }), { message: /from \.recording, which does not exist/ });
  const withFile = run({ SIMULATOR_MODE: 'replay' }, files(), true);
  t.is(withFile.overrides.replay, undefined);
  t.is(withFile.overrides.record, undefined);
});

test('keys, upstream, format, and yes/no values read as pydantic read them', (t) => {
  const { overrides } = run({
    SIMULATOR_API_KEY: 'sim-key',
    AZURE_OPENAI_ENDPOINT: 'https://mysvc.openai.azure.com/',
    AZURE_OPENAI_KEY: 'upstream-key',
    CASSETTE_FORMAT: 'json',
    ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS: 'false',
  });
  t.deepEqual(overrides.apiKeys, ['sim-key']);
  t.deepEqual(overrides.record, { upstream: 'https://mysvc.openai.azure.com/', apiKey: 'upstream-key', format: 'json' });
  t.false(overrides.undefinedDeployments);
  t.true(run({ ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS: 'True' }).overrides.undefinedDeployments);
  t.is(run({ RECORDING_FORMAT: 'yaml', CASSETTE_FORMAT: 'json' }).overrides.record?.format, 'yaml', 'this simulator’s own name wins');
  t.throws(() => run({ CASSETTE_FORMAT: 'xml' }), { message: 'CASSETTE_FORMAT must be yaml or json, not "xml"' });
  t.throws(() => run({ RECORDING_AUTOSAVE: 'sometimes' }), { message: 'RECORDING_AUTOSAVE must be True or False, not "sometimes"' });
  t.true(run({ SIMULATOR_MODE: 'replay' }, files(['.recording'])).overrides.undefinedDeployments, 'replay serves any deployment recorded');
});

test('OPENAI_DEPLOYMENT_CONFIG_PATH: aoai-api-simulator’s deployment file becomes deployments with their quotas', (t) => {
  const json = JSON.stringify({
    deployment1: { model: 'gpt-3.5-turbo', tokensPerMinute: 60000 },
    'text-embedding-3-small': { model: 'text-embedding-3-small', tokensPerMinute: 10000, embeddingSize: 512 },
    whisper: { model: 'whisper', requestsPerMinute: 3 },
    unlimited: { model: 'gpt-3.5-turbo-0613', tokensPerMinute: 0 },
  });
  const { overrides } = run({ OPENAI_DEPLOYMENT_CONFIG_PATH: 'deployments.json' }, files([], { 'deployments.json': json }));
  t.deepEqual(overrides.deployments, {
    deployment1: { model: 'gpt-3.5-turbo', rateLimit: { tpm: 60000 } },
    'text-embedding-3-small': { model: 'text-embedding-3-small', rateLimit: { tpm: 10000 }, embeddingDimensions: 512 },
    whisper: { model: 'whisper', rateLimit: { rpm: 3 } },
    unlimited: { model: 'gpt-3.5-turbo-0613' },
  });
  const bad = (text: string) => () => run({ OPENAI_DEPLOYMENT_CONFIG_PATH: 'd.json' }, files([], { 'd.json': text }));
  t.throws(bad('{"my-llama": {"model": "llama-3"}}'), {
    message: /d\.json: \/my-llama\/model is a model the simulator does not know \("llama-3"\)/,
  });
  t.throws(bad('{"gpt": {"model": "gpt-3.5-turbo", "tokensPerMinute": -5}}'), {
    message: 'd.json: /gpt/tokensPerMinute must be a whole number, 0 or more, not -5',
  });
  t.throws(bad('[1]'), { message: /must be a JSON object mapping each deployment name/ });
  t.throws(bad('{"x": {"model": "gpt-3.5-turbo"}}'), { message: /d\.json: \/x is not a valid deployment name/ });
  t.throws(() => run({ OPENAI_DEPLOYMENT_CONFIG_PATH: 'missing.json' }), {
    message: /OPENAI_DEPLOYMENT_CONFIG_PATH: cannot read missing\.json/,
  });
});

test('LATENCY_OPENAI_*: a normal distribution per completion token, or per embeddings request, with the defaults for the half not given', (t) => {
  const { overrides, notices } = run({
    LATENCY_OPENAI_CHAT_COMPLETIONS_MEAN: '25',
    LATENCY_OPENAI_EMBEDDINGS_STD_DEV: '10',
    LATENCY_OPENAI_TRANSLATIONS_MEAN: '15000',
    LATENCY_OPEN_AI_COMPLETIONS_MEAN: '3',
  });
  t.deepEqual(overrides.latency, {
    chat: { ttft: 0, itl: { distribution: 'normal', mean: 25, stdDev: 6 } },
    embeddings: { perRequest: { distribution: 'normal', mean: 100, stdDev: 10 }, perInputToken: 0 },
  });
  t.true(
    notices.some((notice) => notice.startsWith('LATENCY_OPENAI_TRANSLATIONS_MEAN is ignored: latency per MB of audio has no equivalent')),
  );
  t.true(notices.some((notice) => notice.includes('the variable is LATENCY_OPENAI_COMPLETIONS_MEAN')));
  t.throws(() => run({ LATENCY_OPENAI_COMPLETIONS_MEAN: 'fast' }), {
    message: 'LATENCY_OPENAI_COMPLETIONS_MEAN must be a number of milliseconds, 0 or more, not "fast"',
  });
});

test('variables that named Python code get a notice naming what does their work here; RECORDING_AUTOSAVE=False one saying why it is moot', (t) => {
  const { notices } = run({ GENERATOR_CONFIG_PATH: 'gen.py', EXTENSION_PATH: 'ext/', RECORDING_AUTOSAVE: 'False' });
  t.regex(notices.find((notice) => notice.startsWith('GENERATOR_CONFIG_PATH')) ?? '', /scenario rules in a scenarios file/);
  t.regex(notices.find((notice) => notice.startsWith('EXTENSION_PATH')) ?? '', /scenario rules with response templates/);
  t.regex(notices.find((notice) => notice.startsWith('RECORDING_AUTOSAVE')) ?? '', /each answer is recorded as it arrives/);
  t.deepEqual(run({ RECORDING_AUTOSAVE: 'True' }).notices, []);
});

test('LOG_LEVEL: Python’s level names in any case', (t) => {
  t.is(legacyLogLevel('DEBUG'), 'debug');
  t.is(legacyLogLevel('INFO'), 'info');
  t.is(legacyLogLevel('WARNING'), 'warn');
  t.is(legacyLogLevel('Critical'), 'fatal');
  t.is(legacyLogLevel('error'), 'error');
  t.is(legacyLogLevel('silent'), 'silent');
  t.is(legacyLogLevel(''), undefined);
});
