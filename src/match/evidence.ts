import type { CompiledCondition, Leaf } from '../compile/types.js';
import { phraseWeight } from '../compile/weights.js';
import type { PasteFacts } from '../facts/paste-facts.js';
import type { LeafResults } from './evaluate-rules.js';

export interface SupportingLeaf {
  leaf: Leaf;
  weight: number;
}

/**
 * The leaves that make a rule match: those inside branches that held. A leaf that held inside an
 * `all` that failed, or under a `not`, is no evidence for the rule.
 */
export function supportingLeaves(condition: CompiledCondition, leafResults: LeafResults, facts: PasteFacts): SupportingLeaf[] {
  const leaves: Leaf[] = [];
  collectHeld(condition, leafResults, leaves);
  const support: SupportingLeaf[] = [];
  for (const leaf of leaves) support.push({ leaf, weight: weightOf(leaf, facts) });
  return support;
}

/**
 * Whether the node held, in one pass over the tree: the leaves that held are collected as they
 * come, and dropped again when a branch around them fails.
 */
function collectHeld(node: CompiledCondition, leafResults: LeafResults, into: Leaf[]): boolean {
  switch (node.kind) {
    case 'leaf': {
      const held = leafResults.get(node.leaf.id) === true;
      if (held) into.push(node.leaf);
      return held;
    }
    case 'all': {
      const mark = into.length;
      let all = true;
      for (const child of node.children) if (!collectHeld(child, leafResults, into)) all = false;
      if (!all) into.length = mark;
      return all;
    }
    case 'any': {
      // A child that failed has dropped its own leaves already.
      let any = false;
      for (const child of node.children) if (collectHeld(child, leafResults, into)) any = true;
      return any;
    }
    case 'not':
      return !holds(node.child, leafResults);
  }
}

function holds(node: CompiledCondition, leafResults: LeafResults): boolean {
  switch (node.kind) {
    case 'leaf':
      return leafResults.get(node.leaf.id) === true;
    case 'all':
      for (const child of node.children) if (!holds(child, leafResults)) return false;
      return true;
    case 'any':
      for (const child of node.children) if (holds(child, leafResults)) return true;
      return false;
    case 'not':
      return !holds(node.child, leafResults);
  }
}

/** For a list of phrases, the longest phrase actually present counts. */
function weightOf(leaf: Leaf, facts: PasteFacts): number {
  if (leaf.test.fact !== 'text' || leaf.test.literals.length < 2) return leaf.weight;
  let weight = -Infinity;
  for (const literal of leaf.test.literals) {
    // Looking the phrase up costs more than weighing it: only for a phrase that would weigh more.
    const phrase = literal ? phraseWeight(literal) : -Infinity;
    if (phrase > weight && facts.textIncludes(literal)) weight = phrase;
  }
  return weight === -Infinity ? leaf.weight : weight;
}
