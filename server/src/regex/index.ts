export { compileLinearRegex, LinearRegex, RegexSyntaxError, type RegexMatch } from './linear-regex.ts';
export type { UnsupportedFeature } from './pattern-shape.ts';
