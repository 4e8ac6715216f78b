import { readFileSync } from 'node:fs';

/** A TypeScript block of a package README: a whole program, and what it prints when its comments say. */
export interface ReadmeProgram {
  name: string;
  source: string;
  /** From `// prints: …` comments, in order. */
  prints: string[];
  /** It starts a container, so it needs Docker. */
  needsDocker: boolean;
}

/** Every ```ts block of a README, each a complete program a reader may copy into a file and run. */
export function readmePrograms(readme: string, prefix: string): ReadmeProgram[] {
  const text = readFileSync(readme, 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((block, index) => {
    const source = block[1]!;
    return {
      name: `${prefix}-${index + 1}.ts`,
      source,
      prints: [...source.matchAll(/\/\/ prints: (.+)$/gm)].map((found) => found[1]!.trim()),
      needsDocker: /AoaiSimContainer/.test(source),
    };
  });
}
