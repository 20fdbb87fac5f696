import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, FIXTURE_KB_DIR } from '../helpers/http-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await appFor(FIXTURE_KB_DIR);
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });
const ids = (list: { id: string }[]) => list.map((a) => a.id);

describe('GET /v1/articles', () => {
  it('lists every article with id, title, summary and tags, sorted by id', async () => {
    const res = await get('/v1/articles');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      articles: [
        { id: 'disk-full', title: 'The disk is full', summary: 'Writes fail with "No space left on device".', tags: ['disk', 'linux'] },
        { id: 'permission-denied', title: 'The process may not open a file', summary: 'Opening a file fails with "Permission denied".', tags: ['linux', 'permissions'] },
      ],
    });
  });

  it.each([
    ['?q=space', ['disk-full']],
    ['?q=PERMISSION%20denied', ['permission-denied']],
    ['?q=denied%20space', []],
    ['?tag=linux', ['disk-full', 'permission-denied']],
    ['?tag=Disk', ['disk-full']],
    ['?tag=linux&q=open', ['permission-denied']],
    ['?tag=windows', []],
  ])('filters %s', async (query, expected) => {
    const res = await get(`/v1/articles${query}`);
    expect(res.statusCode).toBe(200);
    expect(ids(res.json().articles)).toEqual(expected);
    expect(res.json().total).toBe(expected.length);
  });

  it('refuses an unknown query parameter with 400', async () => {
    const res = await get('/v1/articles?colour=red');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KB_HTTP_INVALID_REQUEST');
  });
});

describe('GET /v1/articles/:id', () => {
  it('answers the article with its body, file and the rules that use it', async () => {
    const res = await get('/v1/articles/permission-denied');
    expect(res.statusCode).toBe(200);
    const article = res.json();
    expect(article).toMatchObject({
      id: 'permission-denied',
      file: 'articles/permission-denied.md',
      rules: ['permission-denied'],
      related: ['disk-full'],
      steps: ['Check the file\'s owner and mode with `ls -l`.', 'Grant the permission, or run the process as the right user.'],
      updated: '2026-11-01',
    });
    expect(article.body).toContain('Permissions are checked on every open.');
    const disk = (await get('/v1/articles/disk-full')).json();
    expect(disk.steps[0]).toEqual({ text: 'Find what fills the disk with `df -h` and `du -sh /var/*`.', expect: 'One folder stands out.' });
  });

  it('answers 404 KB_HTTP_ARTICLE_NOT_FOUND for an unknown id', async () => {
    const res = await get('/v1/articles/no-such-article');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, code: 'KB_HTTP_ARTICLE_NOT_FOUND', error: 'Not Found', message: expect.stringContaining('no-such-article') });
  });
});

describe('GET /v1/rules', () => {
  it('lists every rule with its article, priority and file', async () => {
    const res = await get('/v1/rules');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 2,
      rules: [
        { id: 'disk-full', title: 'The disk is full', article: 'disk-full', priority: 5, products: [], file: 'rules/demo/disk-full.yaml' },
        { id: 'permission-denied', title: 'The process may not open a file', article: 'permission-denied', priority: 0, products: [], file: 'rules/demo/permission-denied.yaml' },
      ],
    });
  });

  it('answers one rule with its file path, YAML source and examples', async () => {
    const res = await get('/v1/rules/disk-full');
    expect(res.statusCode).toBe(200);
    const rule = res.json();
    expect(rule.file).toBe('rules/demo/disk-full.yaml');
    expect(rule.source).toMatch(/^id: disk-full\ntitle: The disk is full\n/);
    expect(rule.examples).toEqual({ match: ['write /var/lib/app/data.db: No space left on device'], no_match: ['write /var/lib/app/data.db: Disk quota exceeded'] });
  });

  it('answers 404 KB_HTTP_RULE_NOT_FOUND for an unknown id', async () => {
    const res = await get('/v1/rules/Nope%20nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('KB_HTTP_RULE_NOT_FOUND');
  });
});
