/** The files `kb new` writes, and the playground starts a new article from: valid, with example text to replace (lint warns while it is left, KB_W_SCAFFOLD_TEXT). */

/** A rule to start from. */
export function ruleTemplate(id: string): string {
  return `# yaml-language-server: $schema=../../schemas/rule.schema.json
id: ${id}
title: Describe the error this rule recognises
article: ${id}
# Specific rules use a positive priority so they outrank generic look-alikes.
priority: 0
when:
  all:
    - "a phrase the error always contains"
    - any:
        - status: 403
        - code: E0000000
examples:
  match:
    - "a phrase the error always contains (403)"
  no_match:
    - "a look-alike error this rule must not answer"
`;
}

/** An article to start from. */
export function articleTemplate(id: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return `---
# yaml-language-server: $schema=../schemas/article.schema.json
id: ${id}
title: "Describe the problem in a sentence"
summary: What the person sees, in their words.
error_messages:
  - "The error message, verbatim"
cause: Why it happens.
steps:
  - text: The first thing to do.
    expect: What the person sees when it worked.
  - text: How to verify the fix.
escalation: Who to contact, with what, if the steps do not help.
references:
  - title: Official documentation
    url: https://example.com/docs
related: []
tags: []
updated: ${today}
---

## Why this happens
`;
}
