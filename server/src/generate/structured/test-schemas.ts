/** Realistic schemas shared by the tests: the OpenAI structured-outputs and function-calling examples and kin. */

export const calendarEvent = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    date: { type: 'string' },
    participants: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'date', 'participants'],
  additionalProperties: false,
};

export const mathReasoning = {
  type: 'object',
  properties: {
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: { explanation: { type: 'string' }, output: { type: 'string' } },
        required: ['explanation', 'output'],
        additionalProperties: false,
      },
    },
    final_answer: { type: 'string' },
  },
  required: ['steps', 'final_answer'],
  additionalProperties: false,
};

export const uiComponent = {
  type: 'object',
  properties: {
    type: { type: 'string', description: 'The type of the UI component', enum: ['div', 'button', 'header', 'section', 'field', 'form'] },
    label: { type: 'string', description: 'The label of the UI component, used for buttons or form fields' },
    children: { type: 'array', description: 'Nested UI components', items: { $ref: '#' } },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, value: { type: 'string' } },
        required: ['name', 'value'],
        additionalProperties: false,
      },
    },
  },
  required: ['type', 'label', 'children', 'attributes'],
  additionalProperties: false,
};

/** The linked-list shape of the docs' `$defs` example: recursion that closes through `anyOf` null. */
export const linkedList = {
  type: 'object',
  properties: { linked_list: { $ref: '#/$defs/linked_list_node' } },
  $defs: {
    linked_list_node: {
      type: 'object',
      properties: { value: { type: 'number' }, next: { anyOf: [{ $ref: '#/$defs/linked_list_node' }, { type: 'null' }] } },
      additionalProperties: false,
      required: ['next', 'value'],
    },
  },
  additionalProperties: false,
  required: ['linked_list'],
};

export const getWeather = {
  type: 'object',
  properties: {
    location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
  },
  required: ['location', 'unit'],
  additionalProperties: false,
};

export const contact = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    first_name: { type: 'string' },
    lastName: { type: 'string' },
    email: { type: 'string', format: 'email' },
    website: { type: ['string', 'null'], format: 'uri' },
    city: { type: 'string' },
    country: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    birthday: { type: 'string', format: 'date' },
    reminder: { type: 'string', format: 'time' },
    host: { type: 'string', format: 'hostname' },
    ip: { type: 'string', format: 'ipv4' },
    age: { type: 'integer', minimum: 18, maximum: 99 },
    nickname: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    flight: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
  },
  required: [
    'id',
    'first_name',
    'lastName',
    'email',
    'website',
    'city',
    'country',
    'created_at',
    'birthday',
    'reminder',
    'host',
    'ip',
    'age',
    'nickname',
    'flight',
  ],
  additionalProperties: false,
};

export const matrixReport = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    matrix: {
      type: 'array',
      minItems: 2,
      maxItems: 4,
      items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'integer', minimum: 0, maximum: 9 } },
    },
    tags: { type: 'array', items: { type: 'string', enum: ['urgent', 'internal', 'draft', 'final'] }, uniqueItems: true, maxItems: 3 },
    price: { type: 'number', exclusiveMinimum: 0, maximum: 1000, multipleOf: 0.01 },
    rating: { type: 'number', minimum: 1, maximum: 5 },
  },
  required: ['title', 'matrix', 'tags', 'price', 'rating'],
  additionalProperties: false,
};

/** A discriminated union: `oneOf` branches told apart by a `const`. */
export const shapes = {
  type: 'object',
  properties: {
    shapes: {
      type: 'array',
      minItems: 2,
      items: {
        oneOf: [
          {
            type: 'object',
            properties: { kind: { const: 'circle' }, radius: { type: 'number', exclusiveMinimum: 0 } },
            required: ['kind', 'radius'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { kind: { const: 'square' }, side: { type: 'number', exclusiveMinimum: 0 } },
            required: ['kind', 'side'],
            additionalProperties: false,
          },
        ],
      },
    },
    // integer and multiple-of-0.5 overlap on whole numbers: only a non-integer half matches exactly one.
    half: { oneOf: [{ type: 'integer' }, { type: 'number', multipleOf: 0.5 }] },
  },
  required: ['shapes', 'half'],
  additionalProperties: false,
};

export const draft07WithDefinitions = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string', pattern: '^\\d{5}$' } },
      required: ['street', 'city', 'zip'],
    },
    person: {
      allOf: [
        { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        { properties: { address: { $ref: '#/definitions/address' }, phone: { type: 'string' } }, required: ['address'] },
      ],
    },
  },
  type: 'object',
  properties: {
    customer: { $ref: '#/definitions/person' },
    pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false, minItems: 2 },
  },
  required: ['customer', 'pair'],
};
