import type { CompiledCondition, Leaf } from '../compile/types.js';
import { phraseWeight } from '../compile/weights.js';
import type { PasteFacts } from '../facts/paste-facts.js';

export interface SupportingLeaf {
  leaf: Leaf;
  weight: number;
}

/**
 * The leaves that make a rule match: those inside branches that held. A leaf that held inside an
 * `all` that failed, or under a `not`, is no evidence for the rule.
 */
export function supportingLeaves(condition: CompiledCondition, leafResults: ReadonlyMap<number, boolean>, facts: PasteFacts): SupportingLeaf[] {
  const holds = (node: CompiledCondition): boolean => {
    switch (node.kind) {
      case 'leaf':
        return leafResults.get(node.leaf.id) === true;
      case 'all':
        return node.children.every(holds);
      case 'any':
        return node.children.some(holds);
      case 'not':
        return !holds(node.child);
    }
  };
  const out: SupportingLeaf[] = [];
  const collect = (node: CompiledCondition): void => {
    if (node.kind === 'leaf') out.push({ leaf: node.leaf, weight: weightOf(node.leaf, facts) });
    else if (node.kind === 'all' || node.kind === 'any') for (const child of node.children) if (holds(child)) collect(child);
  };
  if (holds(condition)) collect(condition);
  return out;
}

/** For a list of phrases, the longest phrase actually present counts. */
function weightOf(leaf: Leaf, facts: PasteFacts): number {
  if (leaf.test.fact !== 'text' || leaf.test.literals.length < 2) return leaf.weight;
  const text = facts.normalized.text;
  const present = leaf.test.literals.filter((l) => l && text.includes(l));
  return present.length ? Math.max(...present.map(phraseWeight)) : leaf.weight;
}
