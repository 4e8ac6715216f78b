import { isPair, isScalar, isSeq, parse as parseYaml, Scalar, visit, type Document } from 'yaml';
import type { PathSegment } from './pointer.ts';

/** `${NAME}` or `${NAME:-default}`; `$${` writes a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface MissingVariable {
  path: PathSegment[];
  name: string;
}

/**
 * Replaces environment references in every string value of `doc`, in place.
 *
 * An unquoted value takes the type of the text it becomes (`port: ${PORT:-8080}` is the number 8080), as if
 * the text had been written there; a quoted one stays a string. Keys are left alone.
 */
export function interpolateEnv(doc: Document, env: NodeJS.ProcessEnv): MissingVariable[] {
  const missing: MissingVariable[] = [];
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const path = pathOf(ancestors, node);
      const text = node.value.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
        if (name === undefined) return '${';
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing.push({ path, name });
        return whole;
      });
      node.value = node.type === Scalar.PLAIN ? asPlainScalar(text) : text;
    },
  });
  return missing;
}

function asPlainScalar(text: string): unknown {
  try {
    const value: unknown = parseYaml(text);
    return ['number', 'boolean'].includes(typeof value) ? value : text;
  } catch {
    return text;
  }
}

/** The path of a scalar value from the visitor's ancestors (the document, then maps, pairs and sequences). */
function pathOf(ancestors: readonly unknown[], node: Scalar): PathSegment[] {
  const chain = [...ancestors, node];
  const path: PathSegment[] = [];
  chain.forEach((ancestor, i) => {
    if (isPair(ancestor)) path.push(isScalar(ancestor.key) ? String(ancestor.key.value) : String(ancestor.key));
    else if (isSeq(ancestor)) path.push(ancestor.items.indexOf(chain[i + 1] as never));
  });
  return path;
}
