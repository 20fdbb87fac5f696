import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { tokensEqual } from '../http/plugins/admin-auth.js';
import { authorsOverview, INBOX_ORDERS, RULE_ORDERS, type InboxOrder, type RuleOrder } from '../learn/authors-overview.js';
import { draftForGroup } from '../learn/draft-for-group.js';
import { html } from './browser/html.js';
import { renderPage } from './layout.js';
import { renderAuthorsPage, renderSignInPage } from './pages/authors-page.js';
import { renderTryPage } from './pages/try-page.js';

const COOKIE = 'kb_author';
const SESSION_MS = 8 * 60 * 60 * 1000;

export interface AuthorPagesOptions {
  adminToken: string;
}

/**
 * The signing key of author sessions, derived from the admin token: every worker of a cluster
 * derives the same one, and changing the token signs everyone out.
 */
function sessionSecret(adminToken: string): string {
  return createHash('sha256').update(`kb author session\0${adminToken}`).digest('base64url');
}

/**
 * A post from a page of another site (a forged form) carries that site's Origin, or Origin
 * "null" (our pages send Referrer-Policy: no-referrer, so Chromium sends "null" for our own forms
 * too); Sec-Fetch-Site then tells same-origin from cross-site.
 */
function isSameOriginPost(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  return origin === undefined;
}

/** Reads signed cookies on the web pages; the key comes from the admin token. Register on the pages' instance before `authorPages`. */
export async function registerAuthorSessions(app: FastifyInstance, adminToken: string): Promise<void> {
  await app.register(cookie, { secret: sessionSecret(adminToken), hook: 'onRequest' });
}

/** The request carries an unexpired author session cookie signed with this server's key. */
export function isAuthorSignedIn(request: FastifyRequest): boolean {
  const raw = request.cookies?.[COOKIE];
  if (!raw) return false;
  const { valid, value } = request.unsignCookie(raw);
  const expires = Number(value?.split('.')[0]);
  return valid && Number.isFinite(expires) && expires > Date.now();
}

/**
 * The authors' workspace behind the admin token: a sign-in form sets a signed, HttpOnly,
 * SameSite=Strict session cookie; /authors shows the inbox, the rules' answers and feedback,
 * and "Draft a rule" opens the playground with the draft. Registered inside the web pages (their
 * CSP, form parser and HTML errors apply), only when an admin token is configured.
 */
export const authorPages: FastifyPluginAsync<AuthorPagesOptions> = async (app, options) => {
  const signedIn = isAuthorSignedIn;
  const page = (reply: FastifyReply, statusCode: number, body: string) => reply.code(statusCode).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const refuseCrossSite = (reply: FastifyReply) =>
    page(reply, 403, renderPage({ title: 'Refused', section: 'authors', main: html`<h1>Refused</h1><p>This form was sent from another site. Open <a href="/authors">the authors' workspace</a> and try again from there.</p>` }));

  app.get('/authors/sign-in', { schema: { hide: true } }, async (request, reply) => (signedIn(request) ? reply.redirect('/authors', 303) : page(reply, 200, renderSignInPage())));

  app.post<{ Body: { token?: string } }>(
    '/authors/sign-in',
    { config: { rateLimited: true }, schema: { hide: true, body: { type: 'object', properties: { token: { type: 'string', maxLength: 1000 } } } } },
    async (request, reply) => {
      if (!isSameOriginPost(request)) return refuseCrossSite(reply);
      if (!tokensEqual(request.body.token ?? '', options.adminToken)) {
        request.log.info('author sign-in refused');
        return page(reply, 401, renderSignInPage('That is not the admin token of this server.'));
      }
      const value = `${Date.now() + SESSION_MS}.${randomBytes(12).toString('base64url')}`;
      reply.setCookie(COOKIE, value, { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https', maxAge: SESSION_MS / 1000 });
      return reply.redirect('/authors', 303);
    },
  );

  app.post('/authors/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (!isSameOriginPost(request)) return refuseCrossSite(reply);
    reply.clearCookie(COOKIE, { path: '/' });
    return reply.redirect('/authors/sign-in', 303);
  });

  app.get<{ Querystring: { inbox?: InboxOrder; sort?: RuleOrder } }>(
    '/authors',
    {
      schema: {
        hide: true,
        querystring: { type: 'object', properties: { inbox: { type: 'string', enum: [...INBOX_ORDERS] }, sort: { type: 'string', enum: [...RULE_ORDERS] } } },
      },
    },
    async (request, reply) => {
      if (!signedIn(request)) return reply.redirect('/authors/sign-in', 303);
      const inboxOrder = request.query.inbox ?? 'count';
      const ruleOrder = request.query.sort ?? 'served';
      const overview = await authorsOverview(app.store, app.kb.current(), { inboxOrder, ruleOrder });
      return page(reply, 200, renderAuthorsPage(overview, inboxOrder, ruleOrder));
    },
  );

  app.get<{ Params: { group: string } }>('/authors/draft/:group', { schema: { hide: true } }, async (request, reply) => {
    if (!signedIn(request)) return reply.redirect('/authors/sign-in', 303);
    const kb = app.kb.current();
    const group = await app.store?.findGroup(request.params.group);
    if (!group || !app.store) {
      return page(reply, 404, renderPage({ title: 'No such group', section: 'authors', main: html`<h1>No such inbox group</h1><p>It may have been drafted already. <a href="/authors#inbox">Back to the inbox</a>.</p>` }));
    }
    const draft = draftForGroup(kb, group, await app.store.listInbox({ limit: 1000 }));
    return page(reply, 200, renderTryPage(kb, { rule: draft.rule, article: draft.article, text: group.sample, from: group.id, author: true }));
  });
};
