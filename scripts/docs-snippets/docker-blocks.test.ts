import test from 'ava';
import { dockerBlock } from './docker-blocks.ts';

test("the README's quick start: the build is taken as done, the run gets a name, a loopback port and the image", (t) => {
  const docker = dockerBlock(
    'docker build --network host -t aoai-sim:dev .\ndocker run --rm -p 8080:8080 aoai-sim:dev\n',
    'aoai-sim:ci',
    41234,
  );
  t.is(docker.problem, undefined);
  t.deepEqual(docker.builds, ['docker build --network host -t aoai-sim:dev .']);
  t.is(docker.containers.length, 1);
  t.regex(docker.containers[0]!, /^aoai-sim-docs-\d+-[0-9a-f]{8}$/);
  t.is(docker.script, `\ndocker run --name ${docker.containers[0]} --rm -p 127.0.0.1:41234:8080 'aoai-sim:ci'\n`);
});

test('a mount, a continued line and other options stay as the page shows them', (t) => {
  const docker = dockerBlock(
    'docker run --rm -p 8000:8080 \\\n  -e LOG_LEVEL=warn -v "$PWD/scenarios:/scenarios" aoai-sim:dev\n',
    'aoai-sim:dev',
    5000,
  );
  t.is(docker.problem, undefined);
  t.is(
    docker.script,
    `docker run --name ${docker.containers[0]} --rm -p 127.0.0.1:5000:8080 \\\n  -e LOG_LEVEL=warn -v "$PWD/scenarios:/scenarios" 'aoai-sim:dev'\n`,
  );
});

test('every docker run of a block gets its own name', (t) => {
  const docker = dockerBlock('docker run --rm aoai-sim:dev --version\ndocker run --rm aoai-sim:dev --help\n', 'aoai-sim:dev', 1);
  t.is(docker.containers.length, 2);
  t.not(docker.containers[0], docker.containers[1]);
});

test('a build the test cannot take as done, and a Docker command it does not run, are problems', (t) => {
  for (const code of [
    'docker build -t other:tag .',
    'docker build -t aoai-sim:dev -f Other.dockerfile .',
    'docker build -t aoai-sim:dev server',
    'docker build -t aoai-sim:dev -t aoai-sim:latest .',
    'docker compose up',
    'docker-compose up',
    'true && docker run --rm aoai-sim:dev',
  ])
    t.truthy(dockerBlock(code, 'aoai-sim:dev', 1).problem, code);
});
