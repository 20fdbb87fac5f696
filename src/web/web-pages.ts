import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { storedInboxSamples } from '../check/change-preview.js';
import { authorPages, isAuthorSignedIn, registerAuthorSessions } from './author-pages.js';
import { matchWithinBudget } from '../http/match-within-budget.js';
import { describePaste } from '../http/describe-paste.js';
import { httpError, toHttpError } from '../http/errors.js';
import { recordPasteOutcome } from '../http/record-paste-outcome.js';
import { recordFeedback } from '../http/record-feedback.js';
import { moveSpans, redactSecrets, redactWithOffsets } from '../redact/redact-secrets.js';
import { html } from './browser/html.js';
import { renderMatchResult } from './browser/result-view.js';
import { withPublicUrl } from '../present/article-url.js';
import { renderTryResult } from './browser/try-view.js';
import { renderPage } from './layout.js';
import { renderArticleList, renderArticleNotFound, renderArticlePage } from './pages/articles-page.js';
import { renderHomePage } from './pages/home-page.js';
import { renderTryPage } from './pages/try-page.js';

// src/web/ and dist/web/ are both two levels below the package root.
const PACKAGE_ROOT = new URL('../../', import.meta.url);
/** The stylesheet and icon, shipped as they are. */
const PUBLIC_DIR = fileURLToPath(new URL('public/', PACKAGE_ROOT));
/** The browser modules, as tsc compiled them (`npm run build`). */
export const SCRIPTS_DIR = fileURLToPath(new URL('dist/web/browser/', PACKAGE_ROOT));

/**
 * Nothing but this server: no inline script or style, no frames, forms post only here.
 * (No upgrade-insecure-requests: the app is often reached over plain http on 127.0.0.1.)
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

interface PasteForm {
  text?: string;
  product?: string;
}

interface TryForm extends PasteForm {
  rule?: string;
  article?: string;
}

export interface WebPagesOptions {
  /** With an admin token the authors' workspace is served (/authors), behind a sign-in. */
  adminToken?: string;
}

const formField = { type: 'string', maxLength: 1_000_000 } as const;
const productField = { type: 'string', maxLength: 100 } as const;

/**
 * The web pages: paste an error and read the fix, browse articles, try rules. Every form works
 * as a plain post rendered on the server; /scripts/app.js makes them answer in place through
 * the JSON API. Registered encapsulated, so its security headers, form parser and HTML error
 * pages apply to these routes only (the JSON API keeps its own). Hidden from the OpenAPI
 * document, which describes the JSON API.
 */
export const webPages: FastifyPluginAsync<WebPagesOptions> = async (app, options) => {
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  await app.register(formbody);
  if (options.adminToken) await registerAuthorSessions(app, options.adminToken);
  const isAuthor = (request: FastifyRequest) => options.adminToken !== undefined && isAuthorSignedIn(request);
  // Revalidated on every load (ETag): the files change whenever the app is rebuilt.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', index: false, maxAge: 0, decorateReply: false, allowedPath: (path) => /\.(css|svg)$/.test(path) });
  await app.register(fastifyStatic, { root: SCRIPTS_DIR, prefix: '/scripts/', index: false, maxAge: 0, decorateReply: false, allowedPath: (path) => path.endsWith('.js') });

  // A form posted from another site is refused: it would put pastes in the inbox and skew feedback in a visitor's name.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    // The authors' forms refuse cross-site posts themselves, more strictly (an opaque or missing Origin too), with their own page.
    if (request.routeOptions.url?.startsWith('/authors/')) return;
    const crossSite = crossSiteOrigin(request.headers, request.host);
    if (crossSite) throw httpError('KB_HTTP_CROSS_SITE_FORM', crossSite);
  });

  app.setErrorHandler((error, request, reply) => {
    const refused = toHttpError(error, { bodyLimit: app.limits.bodyLimit, requestId: String(request.id) });
    if (refused.statusCode >= 500) request.log.error({ err: error }, 'page failed');
    return sendHtml(reply, refused.statusCode, renderProblemPage(refused.statusCode, refused.message));
  });

  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendHtml(reply, 200, renderHomePage(app.kb.current())));

  app.post<{ Body: PasteForm }>(
    '/',
    { schema: { hide: true, body: { type: 'object', properties: { text: formField, product: productField } } } },
    async (request, reply) => {
      const kb = app.kb.current();
      const text = request.body.text ?? '';
      const product = request.body.product?.trim() ?? '';
      try {
        const result = await matchWithinBudget(app, kb, text, { context: product ? { product } : {}, limit: 5, ...app.pasteLimits, suggest: true });
        request.log.info({ paste: describePaste(text), matches: result.matches.length, top: result.matches[0]?.rule.id }, 'paste matched (page)');
        app.metrics.answered(result);
        await recordPasteOutcome(app.store, text, result, request.log, app.inboxWebhook);
        // The page echoes the paste (the box and "Your paste") redacted, the highlights moved with it.
        const shown = redactWithOffsets(text);
        return sendHtml(reply, 200, renderHomePage(kb, { text: shown.text, product, result: renderMatchResult(moveSpans(withPublicUrl(result, app.publicUrl), shown.offset), shown.text) }));
      } catch (error) {
        // A bad paste keeps the form filled in, with the reason above the answer area.
        const refused = toHttpError(error, { bodyLimit: app.limits.bodyLimit, requestId: String(request.id) });
        if (refused.statusCode >= 500) throw error;
        return sendHtml(reply, refused.statusCode, renderHomePage(kb, { text: echoAfterRefusal(text), product, result: problem(refused.message) }));
      }
    },
  );

  feedbackPage(app);

  articlePages(app);

  if (options.adminToken) await app.register(authorPages, { adminToken: options.adminToken });

  app.get('/try', { schema: { hide: true } }, async (request, reply) => sendHtml(reply, 200, renderTryPage(app.kb.current(), { author: isAuthor(request) })));

  tryFormPage(app, isAuthor);
};

/** Longest refused paste put back in the box (redacted): redacting a huge one would hold the server's thread. */
const MAX_REFUSED_ECHO_CHARS = 64 * 1024;

/** The refused paste for the box, redacted; one too long to redact quickly is not put back. */
function echoAfterRefusal(text: string): string {
  return text.length <= MAX_REFUSED_ECHO_CHARS ? redactSecrets(text) : '';
}

/**
 * The other site a form was posted from, or undefined when it came from this server (or from a
 * client that sends no `Origin`, `Referer` or `Sec-Fetch-Site`, such as curl). Browsers send
 * `Origin` on every cross-site POST, so a missing one is not a cross-site form.
 */
function crossSiteOrigin(headers: Record<string, string | string[] | undefined>, host: string): string | undefined {
  // A browser that says where the request comes from settles it: with this site's
  // `Referrer-Policy: no-referrer` Chromium sends `Origin: null` even for its own forms.
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return typeof headers.origin === 'string' && headers.origin !== 'null' ? headers.origin : 'another site';
  if (fetchSite === 'same-origin' || fetchSite === 'same-site' || fetchSite === 'none') return undefined;
  const source = headers.origin ?? headers.referer;
  if (typeof source !== 'string' || source === '') return undefined;
  if (source === 'null') return 'an opaque origin';
  try {
    // Hosts compared as the source's scheme writes them: `localhost:80` and `localhost` are one site over http.
    const url = new URL(source);
    return url.host === new URL(`${url.protocol}//${host}`).host ? undefined : url.origin;
  } catch {
    return 'an unreadable origin';
  }
}

/** The /try form: the trial runs in its worker thread, within the paste limits and time budget. */
function tryFormPage(app: FastifyInstance, isAuthor: (request: FastifyRequest) => boolean): void {
  app.post<{ Body: TryForm }>(
    '/try',
    { schema: { hide: true, body: { type: 'object', properties: { rule: formField, article: formField, text: formField, product: productField } } } },
    async (request, reply) => {
      const kb = app.kb.current();
      const { rule = '', text = '', article = '' } = request.body;
      const product = request.body.product?.trim() ?? '';
      const author = isAuthor(request);
      try {
        // Stored pastes are private: only an author's preview covers them.
        const inbox = author ? await storedInboxSamples(app.store) : undefined;
        const { maxBytes, ...limits } = app.pasteLimits;
        const { result, echo = '' } = await app.tryRunner.runAndEcho(kb, { rule, article, text, inbox, context: product ? { product } : {}, maxBytes, limits }, limits.timeoutMs);
        request.log.info({ paste: describePaste(text), ruleOk: result.ok, matched: result.matched }, 'rule tried (page)');
        // The paste comes back redacted, its spans moved with it, from the trial's thread.
        return sendHtml(reply, 200, renderTryPage(kb, { rule, article, text: echo, product, author, result: renderTryResult(result, rule, echo, article) }));
      } catch (error) {
        const refused = toHttpError(error, { bodyLimit: app.limits.bodyLimit, requestId: String(request.id) });
        if (refused.statusCode >= 500) throw error;
        return sendHtml(reply, refused.statusCode, renderTryPage(kb, { rule, article, text: echoAfterRefusal(text), product, author, result: problem(refused.message) }));
      }
    },
  );
}

/** The article list (search, tag) and each article's page. */
function articlePages(app: FastifyInstance): void {
  app.get<{ Querystring: { q?: string; tag?: string } }>(
    '/articles',
    { schema: { hide: true, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 500 }, tag: { type: 'string', maxLength: 100 } } } } },
    // The search box echoes its words redacted: people search with a pasted line.
    async (request, reply) => sendHtml(reply, 200, renderArticleList(app.kb.current(), redactSecrets(request.query.q ?? ''), request.query.tag ?? '')),
  );

  app.get<{ Params: { id: string }; Querystring: { rule?: string } }>(
    '/articles/:id',
    { schema: { hide: true, querystring: { type: 'object', properties: { rule: { type: 'string', maxLength: 200 } } } } },
    async (request, reply) => {
      const kb = app.kb.current();
      const article = kb.articlesById.get(request.params.id);
      if (!article) return sendHtml(reply, 404, renderArticleNotFound(request.params.id));
      // ?rule= (from a chat answer) asks "did this fix it?", when that rule does answer with this article.
      const rule = request.query.rule;
      const asks = rule !== undefined && kb.rulesById.get(rule)?.article?.id === article.id;
      return sendHtml(reply, 200, renderArticlePage(kb, article, asks ? rule : undefined));
    },
  );
}

/** "Did this fix it?" without JavaScript: the result view's two buttons post here. */
function feedbackPage(app: FastifyInstance): void {
  app.post<{ Body: { rule: string; article: string; helpful: 'yes' | 'no' } }>(
    '/feedback',
    {
      schema: {
        hide: true,
        body: {
          type: 'object',
          required: ['rule', 'article', 'helpful'],
          properties: { rule: { type: 'string', maxLength: 200 }, article: { type: 'string', maxLength: 200 }, helpful: { type: 'string', enum: ['yes', 'no'] } },
        },
      },
    },
    async (request, reply) => {
      const { rule, article, helpful } = request.body;
      await recordFeedback(app, { rule, article, helpful: helpful === 'yes' });
      const thanks = html`<div class="card" role="status"><h2 id="result-title" tabindex="-1">Thank you</h2><p>${
        helpful === 'yes' ? 'Glad it worked. Your answer helps the knowledge authors see which articles work.' : 'Sorry it did not help. Your answer tells the knowledge authors which article to improve.'
      }</p><p><a href="/articles/${encodeURIComponent(article)}">Back to the article</a></p></div>`;
      return sendHtml(reply, 200, renderHomePage(app.kb.current(), { result: thanks }));
    },
  );
}

function problem(message: string) {
  return html`<div class="card problem" role="alert"><h2 id="result-title" tabindex="-1">That did not work</h2><p>${message}</p></div>`;
}

function renderProblemPage(statusCode: number, message: string): string {
  const title = statusCode === 413 ? 'That is too much text' : statusCode >= 500 ? 'Something went wrong' : 'That request did not work';
  return renderPage({ title, main: html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the start</a></p>` });
}

function sendHtml(reply: FastifyReply, statusCode: number, body: string): FastifyReply {
  return reply.code(statusCode).type('text/html; charset=utf-8').send(body);
}
