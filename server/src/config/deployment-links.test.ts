import test from 'ava';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { loadProblems } from '../test-support/load-problems.ts';

test('a spillover deployment that is missing, provisioned, or set on a standard deployment is refused at load', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        ptu-typo: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1 }, spilloverDeployment: standrd }
        ptu-to-ptu: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1 }, spilloverDeployment: ptu-typo }
        standard: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 1000 }, spilloverDeployment: standard-2 }
        standard-2: { model: gpt-4o-2024-08-06 }
    `,
  });
  t.deepEqual(await loadProblems('scenarios.yaml', {}, dir), [
    'scenarios.yaml:2:85: /deployments/ptu-typo/spilloverDeployment names no deployment ("standrd"); did you mean "standard"?',
    'scenarios.yaml:3:87: /deployments/ptu-to-ptu/spilloverDeployment must name a standard deployment, not a provisioned one ("ptu-typo" has rateLimit.ptu)',
    'scenarios.yaml:4:88: /deployments/standard/spilloverDeployment is only for a provisioned deployment: set rateLimit.ptu, or remove spilloverDeployment',
  ]);
});

test('a spillover deployment may be defined in another file of the configuration', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      include: [standard.yaml]
      deployments:
        ptu: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1 }, spilloverDeployment: standard }
    `,
    'standard.yaml': yaml`
      deployments:
        standard: { model: gpt-4o-2024-08-06 }
    `,
  });
  t.deepEqual(await loadProblems('scenarios.yaml', {}, dir), []);
});

test('a router on a deployment that is not a model router, or naming an unknown model, is refused at load', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        router:
          model: model-router-2025-05-19
          router: { models: [{ model: gpt-4.1-nano-2025-04-14, upToTokens: 500 }, { model: gpt-9 }] }
        plain:
          model: gpt-4o-2024-08-06
          router: { models: [{ model: gpt-4.1-nano-2025-04-14 }] }
    `,
  });
  t.deepEqual(await loadProblems('scenarios.yaml', {}, dir), [
    'scenarios.yaml:4:86: /deployments/router/router/models/1/model is not a chat model the simulator knows ("gpt-9")',
    'scenarios.yaml:7:13: /deployments/plain/router is only for a model-router deployment, not "gpt-4o-2024-08-06"',
  ]);
});
