/** JSON mode (`response_format: {type: "json_object"}`): any object will do, so a small plausible one. */
import { createRandom } from '../random.ts';
import { sampleFromSchema } from './json-from-schema.ts';

// Shapes a model typically answers in JSON mode; sampled like any schema so the values stay plausible.
const SHAPES: readonly object[] = [
  {
    type: 'object',
    properties: {
      summary: { type: 'string' },
      key_points: { type: 'array', items: { type: 'string', description: 'a short phrase' }, minItems: 2, maxItems: 3 },
      sentiment: { enum: ['positive', 'neutral', 'negative'] },
    },
    required: ['summary', 'key_points', 'sentiment'],
  },
  {
    type: 'object',
    properties: { name: { type: 'string' }, email: { type: 'string' }, city: { type: 'string' }, age: { type: 'integer' } },
    required: ['name', 'email', 'city', 'age'],
  },
  {
    type: 'object',
    properties: {
      title: { type: 'string' },
      status: { type: 'string' },
      priority: { enum: ['low', 'medium', 'high'] },
      due_date: { type: 'string', format: 'date' },
    },
    required: ['title', 'status', 'priority', 'due_date'],
  },
  {
    type: 'object',
    properties: { answer: { type: 'string', description: 'explanation' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
    required: ['answer', 'confidence'],
  },
];

/** A small JSON object with readable values, the same for the same seed. */
export function anyJsonObject(seed: number | string): { value: Record<string, unknown>; json: string } {
  const random = createRandom(seed);
  const value = sampleFromSchema(random.pick(SHAPES), random) as Record<string, unknown>;
  return { value, json: JSON.stringify(value) };
}
