/** Word lists the reply generator draws from: plain, neutral English, so replies read as sentences. */
export const OPENERS = [
  'Sure.',
  'Certainly.',
  'Good question.',
  'Happy to help.',
  'Here is a short answer.',
  'Let me walk you through it.',
  'In short:',
  'Here is what I would suggest.',
] as const;

export const SUBJECTS = [
  'The main idea',
  'A good first step',
  'The simplest approach',
  'This option',
  'The usual pattern',
  'A careful review',
  'The second part',
  'Each small change',
  'A clear plan',
  'The final result',
  'Most teams',
  'A quick test',
] as const;

export const VERBS = [
  'helps',
  'keeps',
  'makes',
  'shows',
  'brings',
  'gives',
  'supports',
  'improves',
  'explains',
  'reduces',
  'highlights',
  'clarifies',
] as const;

export const OBJECTS = [
  'the overall structure',
  'the most important details',
  'a reliable outcome',
  'the expected behaviour',
  'fewer surprises later',
  'a better understanding',
  'the next decision',
  'the cost of mistakes',
  'a steady pace',
  'the whole picture',
  'clear trade-offs',
  'useful feedback',
] as const;

export const ENDINGS = [
  'over time',
  'in practice',
  'for most cases',
  'without extra effort',
  'from the start',
  'as the work grows',
  'when it matters',
  'step by step',
  'along the way',
  'with little risk',
] as const;

export const CONNECTORS = [
  'In addition,',
  'As a result,',
  'For example,',
  'On the other hand,',
  'In practice,',
  'Finally,',
  'Meanwhile,',
] as const;

export const TOPIC_TEMPLATES = [
  'When it comes to {topic}, {clause}.',
  'For {topic}, {clause}.',
  'With {topic} in mind, {clause}.',
  'Thinking about {topic}, {clause}.',
] as const;

/** Words too common to be a topic. */
export const STOPWORDS = new Set(
  'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your please tell give explain write make show help need want like know think using use'.split(
    ' ',
  ),
);
