import test from 'ava';
import { ConfigError } from '../config-error.ts';
import { explainContainerExit } from './container-exit.ts';
import { AoaiSimStartError } from './start-failure.ts';

const IMAGE = 'aoai-sim:dev';
// what Testcontainers says (Wait.forHttp with abortOnContainerExit) when the simulator refused its scenarios
const REFUSED = new Error(
  'Container exited during HTTP healthCheck, last 50 logs: /scenarios/shared/deployments.yaml:3:12: /deployments/chat/model must be string, not integer\n' +
    '/scenarios/scenarios.yaml:4:5: /deployments/chat/rateLimt is not a known property of Deployment; did you mean "rateLimit"?',
);

test('a container that refused a scenarios folder: a ConfigError naming the local files, lines and pointers', (t) => {
  const error = explainContainerExit(REFUSED, IMAGE, (file) => file.replace('/scenarios/', 'test/fixtures/'));
  t.true(error instanceof ConfigError);
  t.deepEqual((error as ConfigError).issues, [
    {
      file: 'test/fixtures/shared/deployments.yaml',
      line: 3,
      col: 12,
      pointer: '/deployments/chat/model',
      message: 'must be string, not integer',
    },
    {
      file: 'test/fixtures/scenarios.yaml',
      line: 4,
      col: 5,
      pointer: '/deployments/chat/rateLimt',
      message: 'is not a known property of Deployment; did you mean "rateLimit"?',
    },
  ]);
});

test('a container that refused a scenarios object: the issues as defineScenarios words them, without lines', (t) => {
  const error = explainContainerExit(REFUSED, IMAGE, () => undefined);
  t.true(error instanceof ConfigError);
  t.is((error as ConfigError).issues[0]?.file, 'scenarios');
  t.regex(error?.message ?? '', /^invalid scenarios \(2 problems\):\nscenarios: \/deployments\/chat\/model must be string, not integer\n/);
});

test('a container that exited for another reason: what it printed', (t) => {
  const cause = new Error('Container exited during HTTP healthCheck, last 50 logs: aoai-sim: AOAI_SIM_PORT must be a port number');
  const error = explainContainerExit(cause, IMAGE, () => undefined);
  t.true(error instanceof AoaiSimStartError);
  t.is((error as AoaiSimStartError).reason, 'container-exited');
  t.is(
    error?.message,
    `aoai-sim: the container ${IMAGE} exited before it was ready; it said:\naoai-sim: AOAI_SIM_PORT must be a port number`,
  );
  t.is(error?.cause, cause);
});

test('any other failure is left to the other explanations', (t) => {
  t.is(
    explainContainerExit(new Error('URL /healthz not accessible after 30000ms'), IMAGE, () => undefined),
    undefined,
  );
});
