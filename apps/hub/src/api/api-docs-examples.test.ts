import { readFileSync } from 'node:fs';
import type { QueueCommand } from '@hallq/core';
import {
  API_OPERATION_IDS,
  API_PREFIX,
  API_SCOPES,
  type ApiOperationId,
  ApiOperations,
  WebhookEventType,
} from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../store/event-log.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';
import { addApiClient, expectContract, send } from './api-test-support.ts';

/**
 * docs/api.md's curl examples, run against a real hub: the page is what an approval system's developers copy,
 * so each example must reach its route with a method it serves, and its query and body must pass the schemas
 * (no 400, 404 "no such endpoint" or 405). A missing resource (404 TICKET_NOT_FOUND) is an answer, not a fault.
 */
const DOC = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');

/** The words of each shell command in the page's bash blocks: quotes, `\` line continuations, `$VAR`s, comments. */
function shellCommands(text: string, env: Record<string, string>): string[][] {
  const blocks = [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const commands: string[][] = [];
  for (const block of blocks) {
    let words: string[] = [];
    let word: string | null = null;
    const expand = (from: number): [string, number] => {
      const braced = /^\$\{([A-Za-z_]\w*)\}/.exec(block.slice(from));
      const plain = /^\$([A-Za-z_]\w*)/.exec(block.slice(from));
      const match = braced ?? plain;
      if (!match) return ['$', from + 1];
      return [env[match[1]!] ?? `$${match[1]}`, from + match[0].length];
    };
    const endWord = () => {
      if (word !== null) words.push(word);
      word = null;
    };
    const endCommand = () => {
      endWord();
      if (words.length > 0) commands.push(words);
      words = [];
    };
    let i = 0;
    while (i < block.length) {
      const c = block[i]!;
      if (c === '\\' && block[i + 1] === '\n') {
        i += 2;
      } else if (c === '\n') {
        endCommand();
        i += 1;
      } else if (c === ' ' || c === '\t') {
        endWord();
        i += 1;
      } else if (c === '#' && word === null) {
        while (i < block.length && block[i] !== '\n') i += 1;
      } else if (c === "'") {
        const close = block.indexOf("'", i + 1);
        word = (word ?? '') + block.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        word ??= '';
        i += 1;
        while (block[i] !== '"') {
          if (block[i] === '$') {
            const [value, next] = expand(i);
            word += value;
            i = next;
          } else {
            word += block[i];
            i += 1;
          }
        }
        i += 1;
      } else if (c === '$') {
        const [value, next] = expand(i);
        word = (word ?? '') + value;
        i = next;
      } else {
        word = (word ?? '') + c;
        i += 1;
      }
    }
    endCommand();
  }
  return commands;
}

interface Example {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function curlExample(words: readonly string[]): Example {
  let method: string | null = null;
  let body: string | undefined;
  let url: URL | null = null;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === '-s') continue;
    if (word === '--cacert') i += 1;
    else if (word === '-X') method = words[++i]!;
    else if (word === '-d') body = words[++i]!;
    else if (word === '-H') {
      const header = words[++i]!;
      const colon = header.indexOf(':');
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (/^https?:\/\//.test(word)) url = new URL(word);
    else throw new Error(`curl option the test does not know: ${word} in ${words.join(' ')}`);
  }
  if (url === null) throw new Error(`no URL in ${words.join(' ')}`);
  return { method: method ?? (body === undefined ? 'GET' : 'POST'), url, headers, body };
}

/** The operation a method and path are routed to, as the hub's router matches them. */
function operationOf(method: string, pathname: string): ApiOperationId | null {
  const segments = pathname.slice(API_PREFIX.length).split('/').slice(1);
  return (
    API_OPERATION_IDS.find((id) => {
      const route = ApiOperations[id];
      const parts = route.path.split('/').slice(1);
      return (
        route.method === method.toLowerCase() &&
        parts.length === segments.length &&
        parts.every((part, i) => part.startsWith('{') || part === segments[i])
      );
    }) ?? null
  );
}

let th: TestHub;
afterEach(async () => {
  await th?.close();
});

describe('docs/api.md', () => {
  it('every curl example reaches its route and passes the schemas; every operation has one', async () => {
    th = await startTestHub();
    // The page's ticket (2026-11-28/A003: the test hall's business day, its third ticket) exists.
    for (let i = 0; i < 3; i += 1) {
      const command: QueueCommand = {
        type: 'ticket:issue',
        serviceId: 'svc-1',
        visitorClass: 'normal',
        visitorKey: null,
        kioskId: null,
      };
      expect(th.hub.hall.execute(command, SYSTEM_ACTOR).ok).toBe(true);
    }
    const { token } = addApiClient(th, [...API_SCOPES], '审批系统');
    const created = await send(th.url, {
      method: 'POST',
      path: '/api/v1/webhooks',
      token,
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['ticket.called'] }),
    });
    expect(created.status).toBe(201);
    const sub = (JSON.parse(created.text) as { subscription: { id: string } }).subscription.id;

    const env = { HUB: th.url, TOKEN: token, SUB: sub };
    const examples = shellCommands(DOC, env)
      .filter((words) => words[0] === 'curl')
      .map(curlExample);
    expect(examples.length).toBeGreaterThanOrEqual(API_OPERATION_IDS.length);
    const covered = new Set<ApiOperationId>();
    const outcomes: string[] = [];
    for (const example of examples) {
      const label = `${example.method} ${example.url.pathname}${example.url.search}`;
      expect(example.url.origin, label).toBe(new URL(th.url).origin);
      expect(example.headers.authorization, label).toBe(`Bearer ${token}`);
      const id = operationOf(example.method, example.url.pathname);
      expect(id, `${label} is a route of the API`).not.toBeNull();
      covered.add(id!);
      const answer = await send(th.url, {
        method: example.method,
        path: `${example.url.pathname}${example.url.search}`,
        headers: example.headers,
        ...(example.body === undefined ? {} : { body: example.body }),
      });
      const body = expectContract(id!, answer) as { error?: { code: string; message: string } } | null;
      outcomes.push(`${label} → ${answer.status}`);
      expect([400, 401, 403, 405], `${label}: ${answer.text}`).not.toContain(answer.status);
      if (answer.status === 404) expect(body?.error?.message, label).not.toMatch(/No such endpoint/);
    }
    // Every operation of the route table is shown on the page.
    expect([...API_OPERATION_IDS].filter((id) => !covered.has(id))).toEqual([]);
    // The 审批 system's main step did what the page says it does.
    expect(outcomes).toContain(`PUT /api/v1/tickets/2026-11-28%2FA003/case → 200`);
    expect(th.hub.hall.caseNumberOf('2026-11-28/A003')).toBe('SP-2026-000123');
  });

  it('lists every scope in its scope table and every event type', () => {
    const scopeRows = DOC.split('\n').filter((line) => /^\| `[a-z]+:[a-z]+` /.test(line));
    expect(scopeRows.map((row) => /^\| `([^`]+)`/.exec(row)![1]).sort()).toEqual([...API_SCOPES].sort());
    // Each scope's row names the paths of the operations that need it.
    for (const id of API_OPERATION_IDS) {
      const { scope, path } = ApiOperations[id];
      const row = scopeRows.find((r) => r.startsWith(`| \`${scope}\``))!;
      const tail = `/${path.split('/').at(-1)}`;
      expect(row, `${id}: ${path} in the ${scope} row`).toContain(
        tail.startsWith('/{') ? `/${path.split('/')[1]}` : tail,
      );
    }
    for (const type of WebhookEventType.options) expect(DOC, type).toContain(`\`${type}\``);
  });
});
