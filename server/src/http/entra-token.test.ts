import test from 'ava';
import { AuthenticationError, AzureOpenAI } from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { ManualClock } from '../clock/index.ts';
import { fakeJwt, startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

const BEARER_401 =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
const HOUR = 3600;
const SCENARIOS: Scenarios = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } };
/** A data-plane path no operation serves: 404 once the credential passed, 401 when it did not. */
const UNKNOWN_DATA_PLANE_PATH = '/openai/no-such-operation?api-version=2024-10-21';

const inAnHour = () => Math.floor(Date.now() / 1000) + HOUR;

/** The Azure client as an app using Entra ID builds it, with a token provider that hands out `token`. */
function entraClient(sim: RunningSimulator, token: string): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: sim.url,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    azureADTokenProvider: async () => token,
  });
}

async function chat(sim: RunningSimulator, token: string) {
  return entraClient(sim, token).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
}

async function refusedWith401(t: import('ava').ExecutionContext, sim: RunningSimulator, token: string, label: string) {
  const error = await t.throwsAsync(chat(sim, token), { instanceOf: AuthenticationError }, label);
  t.is(error?.status, 401, label);
  t.is(
    error?.message,
    '401 Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
    label,
  );
  t.deepEqual(error?.error, JSON.parse(BEARER_401), label);
  const raw = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"messages":[{"role":"user","content":"Hello"}]}',
  });
  t.is(raw.status, 401, label);
  t.is(await raw.text(), BEARER_401, label);
}

test('a token for another audience gets the service’s bearer 401', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  for (const aud of ['https://management.azure.com', 'https://graph.microsoft.com', 'api://my-app', ['https://management.azure.com']])
    await refusedWith401(t, sim, fakeJwt({ aud, exp: inAnHour() }), JSON.stringify(aud));
  await refusedWith401(t, sim, fakeJwt({ exp: inAnHour() }), 'no aud');
});

test('a token for each audience the service accepts is served, with or without the trailing slash', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const audiences = [
    'https://cognitiveservices.azure.com',
    'https://cognitiveservices.azure.com/',
    'https://ai.azure.com',
    'https://ai.azure.com/',
    ['https://management.azure.com', 'https://cognitiveservices.azure.com'],
  ];
  for (const aud of audiences) {
    const completion = await chat(sim, fakeJwt({ aud, exp: inAnHour() }));
    t.truthy(completion.choices[0]?.message.content, JSON.stringify(aud));
  }
});

test('an expired token gets the service’s bearer 401', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const expired = fakeJwt({ aud: 'https://cognitiveservices.azure.com', exp: Math.floor(Date.now() / 1000) - 60 });
  await refusedWith401(t, sim, expired, 'expired a minute ago');
});

test('expiry is read on the simulator’s clock, not the process’s', async (t) => {
  const clock = new ManualClock({ epochMs: Date.UTC(2020, 0, 1) });
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const status = async (exp: number) =>
    (
      await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, {
        headers: { authorization: `Bearer ${fakeJwt({ aud: 'https://ai.azure.com', exp })}` },
      })
    ).status;
  // long past on the process's clock, still ahead on the simulator's
  t.is(await status(Date.UTC(2021, 0, 1) / 1000), 404);
  t.is(await status(Date.UTC(2019, 0, 1) / 1000), 401);
});

test('server.auth.entra relaxes the checks: any audience, expired tokens, or audiences of its own', async (t) => {
  const relaxed = await startTestSimulator(t, {
    scenarios: { ...SCENARIOS, server: { auth: { entra: { audiences: [], checkExpiry: false } } } },
  });
  const past = Math.floor(Date.now() / 1000) - HOUR;
  for (const token of [fakeJwt({ aud: 'https://management.azure.com', exp: past }), fakeJwt({})]) {
    const completion = await chat(relaxed, token);
    t.truthy(completion.choices[0]?.message.content);
  }
  await refusedWith401(t, relaxed, 'not-a-jwt', 'still a JWT');

  const own = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { auth: { entra: { audiences: ['api://my-app/'] } } } } });
  t.truthy((await chat(own, fakeJwt({ aud: 'api://my-app', exp: inAnHour() }))).choices[0]?.message.content);
  await refusedWith401(t, own, fakeJwt({ aud: 'https://cognitiveservices.azure.com', exp: inAnHour() }), 'not listed');
  await refusedWith401(t, own, fakeJwt({ aud: 'api://my-app', exp: Math.floor(Date.now() / 1000) - 60 }), 'expiry still checked');
});
