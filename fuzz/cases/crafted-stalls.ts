// Crafted cases for the stalls of issue 15 (items 8, 9, 10 and the image files of 15): each holds today's event
// loop for hundreds of milliseconds; each configuration runs each once, alone, so that a stall is blamed right.
import type { Draw } from './draw.ts';
import { chat, user, type Crafted } from './crafted-requests.ts';

export function stallCases(draw: Draw): Crafted[] {
  return [
    // item 9: a rule's catastrophic regex (scenarios/fuzz.yaml) against 24 a's and a mismatch
    {
      name: 'regex-backtracking',
      family: 'crafted regex',
      exclusive: true,
      run: async (c) => void (await chat(c, user(`${'a'.repeat(24)}!`), { testId: 'fuzz-redos' })),
    },
    // item 10: a template that loops millions of times, and one that builds millions of elements; a 500 naming the rule is fine
    {
      name: 'template-loop',
      family: 'crafted template',
      exclusive: true,
      run: async (c) => void (await chat(c, user('loop'), { testId: 'fuzz-template-loop', allow500: true })),
    },
    {
      name: 'template-memory',
      family: 'crafted template',
      exclusive: true,
      run: async (c) => void (await chat(c, user('build'), { testId: 'fuzz-template-memory', allow500: true })),
    },
    // item 8: one character repeated, in a message and in tool-call arguments
    {
      name: 'repeated-character',
      family: 'crafted tokens',
      exclusive: true,
      run: async (c) => void (await chat(c, user('a'.repeat(16 * 1024)))),
    },
    {
      name: 'repeated-character-in-tool-arguments',
      family: 'crafted tokens',
      exclusive: true,
      run: async (c) =>
        void (await chat(c, {
          messages: [
            { role: 'user', content: 'weather?' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{'.repeat(16 * 1024) } }],
            },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          ],
        })),
    },
    // item 15: the largest image file, for anyone
    {
      name: 'image-4096',
      family: 'crafted images',
      exclusive: true,
      run: async (c) =>
        void (await c.http(
          { method: 'GET', target: `/__sim/images/4096x4096/${draw.int(0, 2 ** 30)}.png`, headers: {} },
          { target: { kind: 'image-file' } },
        )),
    },
  ];
}
