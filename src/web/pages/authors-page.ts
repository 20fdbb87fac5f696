import type { AuthorsOverview, InboxGroupView, InboxOrder, RuleOrder, RuleView } from '../../learn/authors-overview.js';
import type { FeedbackEntry } from '../../store/learning-store.js';
import { html, type SafeHtml } from '../browser/html.js';
import { helpfulBar, sparkline } from '../charts/svg-charts.js';
import { renderPage } from '../layout.js';

const SAMPLE_CHARS = 700;

function when(iso: string | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** The sign-in form: the admin token goes in a POST body, never in a URL. */
export function renderSignInPage(message?: string): string {
  return renderPage({
    title: 'Sign in',
    section: 'authors',
    main: html`<h1>Authors' workspace</h1>
<p class="lead">The inbox of unanswered errors, and how the answers do. For knowledge authors: sign in with the server's admin token.</p>
<form class="card sign-in" method="post" action="/authors/sign-in">
  ${message ? html`<p class="form-error" role="alert" id="sign-in-error">${message}</p>` : ''}
  <label for="token">Admin token</label>
  <input id="token" name="token" type="password" required autocomplete="current-password" spellcheck="false"${message ? html` aria-invalid="true" aria-describedby="sign-in-error"` : ''} autofocus>
  <div class="actions"><button type="submit">Sign in</button></div>
  <p class="muted">Signing in keeps you signed in on this browser for 8 hours (a cookie only this server reads).</p>
</form>`,
  });
}

/** How many of the group's pastes got a general answer, when some did. */
function answeredHow(group: InboxGroupView): string {
  const parts = [group.generic ? `${group.generic} by a generic rule` : '', group.similar ? `${group.similar} by similarity` : ''].filter(Boolean);
  return parts.length ? ` · answered ${parts.join(', ')}` : '';
}

function inboxGroup(group: InboxGroupView, days: readonly string[]): SafeHtml {
  return html`<li class="card inbox-group">
  <div class="group-head">
    <p class="group-count"><strong>${plural(group.count, 'paste')}</strong> <span class="muted">first ${when(group.first_seen)} · last ${when(group.last_seen)}${answeredHow(group)}</span></p>
    <span class="spark-with-caption">${sparkline(group.arrivals, days, ['paste', 'pastes'])}<span class="spark-caption" aria-hidden="true">last ${days.length} days</span></span>
  </div>
  <pre class="paste-text sample">${clip(group.sample, SAMPLE_CHARS)}</pre>
  <p class="group-actions"><a class="button" href="/authors/draft/${encodeURIComponent(group.id)}">Draft a rule</a> <span class="muted">or <code>kb inbox draft ${group.id}</code></span></p>
</li>`;
}

function sortLink<T extends string>(label: string, value: T, current: T, href: string): SafeHtml {
  return value === current ? html`<a aria-current="true" href="${href}">${label}</a>` : html`<a href="${href}">${label}</a>`;
}

function renderInbox(overview: AuthorsOverview, inboxOrder: InboxOrder, ruleOrder: RuleOrder): SafeHtml {
  const link = (order: InboxOrder) => `/authors?inbox=${order}&sort=${ruleOrder}#inbox`;
  return html`<section id="inbox" aria-labelledby="inbox-title">
  <h2 id="inbox-title">Inbox: errors nothing answered <span class="muted">(${overview.inbox.length})</span></h2>
  <p class="sort-links">Order: ${sortLink('most pastes', 'count', inboxOrder, link('count'))} · ${sortLink('most recent', 'recent', inboxOrder, link('recent'))}</p>
  ${overview.inbox.length ? html`<ul class="inbox-list">${overview.inbox.map((g) => inboxGroup(g, overview.days))}</ul>` : html`<p>The inbox is empty: every stored paste was answered.</p>`}
</section>
<section id="generic" aria-labelledby="generic-title">
  <h2 id="generic-title">Answered only generically <span class="muted">(${overview.generic.length})</span></h2>
  <p class="muted">A general rule (a plain 403, 429, 5xx …) or a similar article answered these, but no rule written for them: each is a candidate for a specific rule.</p>
  ${overview.generic.length ? html`<ul class="inbox-list">${overview.generic.map((g) => inboxGroup(g, overview.days))}</ul>` : html`<p>None so far.</p>`}
</section>`;
}

const RULE_COLUMNS: { order: RuleOrder; label: string }[] = [
  { order: 'rule', label: 'Rule' },
  { order: 'served', label: 'Answers' },
  { order: 'helpful', label: 'Fixed it' },
  { order: 'not_helpful', label: 'Did not' },
  { order: 'unhelpful_share', label: 'Unhelpful' },
  { order: 'last_served', label: 'Last answer' },
];

// data-label: on a phone the rows become cards, each value labelled by its column (style.css).
function ruleRow(rule: RuleView, days: readonly string[]): SafeHtml {
  return html`<tr>
    <th scope="row"><code>${rule.rule}</code>${rule.title ? html`<br><span class="muted rule-title">${rule.title}</span>` : html`<br><span class="muted">(no longer in the knowledge base)</span>`}</th>
    <td data-label="Answers"><span class="num">${rule.served}</span> ${sparkline(rule.served_by_day, days, ['answer', 'answers'])}</td>
    <td data-label="Fixed it" class="num">${rule.helpful}</td>
    <td data-label="Did not" class="num">${rule.not_helpful}</td>
    <td data-label="Unhelpful">${helpfulBar(rule.helpful, rule.not_helpful)} <span class="num">${rule.unhelpful_share === null ? '—' : `${Math.round(rule.unhelpful_share * 100)}%`}</span></td>
    <td data-label="Last answer">${when(rule.last_served)}</td>
  </tr>`;
}

function renderRules(overview: AuthorsOverview, inboxOrder: InboxOrder, ruleOrder: RuleOrder): SafeHtml {
  const header = RULE_COLUMNS.map((c) => {
    const sorted = c.order === ruleOrder;
    const direction = c.order === 'rule' ? 'ascending' : 'descending';
    return html`<th scope="col"${sorted ? html` aria-sort="${direction}"` : ''}><a href="/authors?inbox=${inboxOrder}&amp;sort=${c.order}#rules">${c.label}${sorted ? html`<span aria-hidden="true"> ${direction === 'ascending' ? '▲' : '▼'}</span>` : ''}</a></th>`;
  });
  return html`<section id="rules" aria-labelledby="rules-title">
  <h2 id="rules-title">Rules: answers and "did this fix it?" <span class="muted">(${overview.rules.length})</span></h2>
  <p class="muted">Answers per day over the last ${overview.days.length} days. Choose a column heading to sort by it.</p>
  <p class="sort-links narrow-only">Sort by: ${RULE_COLUMNS.map((c, i) => html`${i ? ' · ' : ''}${sortLink(c.label.toLowerCase(), c.order, ruleOrder, `/authors?inbox=${inboxOrder}&sort=${c.order}#rules`)}`)}</p>
  ${
    overview.rules.length
      ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="rules-title"><table class="rules-table">
    <thead><tr>${header}</tr></thead>
    <tbody>${overview.rules.map((r) => ruleRow(r, overview.days))}</tbody>
  </table></div>`
      : html`<p>No answer has been served with storing on yet.</p>`
  }
</section>`;
}

function renderUnhelpful(overview: AuthorsOverview): SafeHtml {
  return html`<section id="unhelpful" aria-labelledby="unhelpful-title">
  <h2 id="unhelpful-title">Often marked unhelpful <span class="muted">(${overview.often_unhelpful.length})</span></h2>
  ${
    overview.often_unhelpful.length
      ? html`<ul class="plain-list">${overview.often_unhelpful.map(
          (r) => html`<li><code>${r.rule}</code> ${helpfulBar(r.helpful, r.not_helpful)} <span>${r.not_helpful} of ${plural(r.helpful + r.not_helpful, 'answer')} said it did not fix it</span></li>`,
        )}</ul>`
      : html`<p>No rule has been marked unhelpful twice or more by most who answered.</p>`
  }
</section>`;
}

function renderNeverAnswered(overview: AuthorsOverview): SafeHtml {
  return html`<section id="never" aria-labelledby="never-title">
  <h2 id="never-title">Never answered <span class="muted">(${overview.never_answered.length})</span></h2>
  <p class="muted">Rules no paste has matched since storing began: their errors may be rare, or the rule may be too narrow.</p>
  ${
    overview.never_answered.length
      ? html`<details><summary>Show ${plural(overview.never_answered.length, 'rule')}</summary><ul class="plain-list columns">${overview.never_answered.map((r) => html`<li><code>${r.rule}</code></li>`)}</ul></details>`
      : html`<p>Every rule has answered at least once.</p>`
  }
</section>`;
}

function comment(entry: FeedbackEntry): SafeHtml {
  return html`<li class="comment">
    <p class="comment-head"><span class="badge ${entry.helpful ? 'badge-high' : 'badge-no'}">${entry.helpful ? 'Fixed it' : 'Did not fix it'}</span> <code>${entry.rule}</code> <span class="muted">${when(entry.at)}</span></p>
    <blockquote>${entry.comment ?? ''}</blockquote>
  </li>`;
}

/** GET /authors: the inbox, the rules' answers and feedback, and the comments. */
export function renderAuthorsPage(overview: AuthorsOverview, inboxOrder: InboxOrder, ruleOrder: RuleOrder): string {
  const toc: [string, string, number][] = [
    ['inbox', 'Inbox', overview.inbox.length],
    ['generic', 'Answered only generically', overview.generic.length],
    ['rules', 'Rules', overview.rules.length],
    ['unhelpful', 'Often unhelpful', overview.often_unhelpful.length],
    ['never', 'Never answered', overview.never_answered.length],
    ['comments', 'Comments', overview.comments.length],
  ];
  return renderPage({
    title: "Authors' workspace",
    section: 'authors',
    wide: true,
    main: html`<div class="page-head">
  <h1>Authors' workspace</h1>
  <form method="post" action="/authors/sign-out"><button type="submit" class="button-secondary">Sign out</button></form>
</div>
${overview.storing ? '' : html`<p class="card problem" role="status">This server stores nothing (KB_STORE=off): the lists below stay empty.</p>`}
<nav class="toc" aria-label="On this page"><ul>${toc.map(([id, label, n]) => html`<li><a href="#${id}">${label} <span class="muted">${n}</span></a></li>`)}</ul></nav>
${renderInbox(overview, inboxOrder, ruleOrder)}
${renderRules(overview, inboxOrder, ruleOrder)}
${renderUnhelpful(overview)}
${renderNeverAnswered(overview)}
<section id="comments" aria-labelledby="comments-title">
  <h2 id="comments-title">Comments <span class="muted">(${overview.comments.length})</span></h2>
  ${overview.comments.length ? html`<ul class="comments">${overview.comments.map(comment)}</ul>` : html`<p>No comment yet.</p>`}
</section>`,
  });
}
