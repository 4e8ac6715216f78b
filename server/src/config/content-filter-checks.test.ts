import test from 'ava';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { loadProblems } from '../test-support/load-problems.ts';

test('a content-filter outcome naming a category the service checks on the other side, or annotating nothing, is refused at load', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      scenarios:
        - { name: a, respond: { content: x, contentFilter: { stage: output, indirect_attack: true } } }
        - { name: b, respond: { contentFilter: { stage: prompt, protected_material_code: true } } }
        - { name: c, respond: { contentFilter: { stage: prompt, action: annotate, indirect_attack: true } } }
        - { name: d, respond: { content: x, contentFilter: { stage: prompt, action: annotate, blocklist: list } } }
    `,
  });
  const problems = await loadProblems('scenarios.yaml', {}, dir);
  t.is(problems.length, 3, problems.join('\n'));
  t.regex(problems[0]!, /\/scenarios\/0\/respond\/contentFilter\/indirect_attack is not checked on the output$/);
  t.regex(problems[1]!, /\/scenarios\/1\/respond\/contentFilter\/protected_material_code is not checked on the prompt$/);
  t.regex(problems[2]!, /\/scenarios\/2\/respond\/contentFilter an annotating filter lets the answer through, so the response needs one/);
});
