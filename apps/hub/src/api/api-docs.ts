import type { OpenApiDocument } from '@hallq/protocol';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** `#/components/schemas/ApiServices` becomes a link to that schema on the page. */
const linkRefs = (json: string): string =>
  escapeHtml(json).replace(
    /&quot;#\/components\/schemas\/([A-Za-z0-9]+)&quot;/g,
    (_m, name: string) => `&quot;<a href="#schema-${name}">${name}</a>&quot;`,
  );

const pretty = (value: unknown): string => `<pre>${linkRefs(JSON.stringify(value, null, 2))}</pre>`;

/** A schema in one line: a named schema as its link, anything else as compact JSON. */
const brief = (schema: unknown): string => {
  const ref = (schema as { $ref?: unknown }).$ref;
  const name =
    typeof ref === 'string' ? /^#\/components\/schemas\/([A-Za-z0-9]+)$/.exec(ref)?.[1] : undefined;
  return name ? `<a href="#schema-${name}">${name}</a>` : `<code>${linkRefs(JSON.stringify(schema))}</code>`;
};

interface OperationEntry {
  operationId: string;
  summary: string;
  'x-hallq-scope': string;
  parameters: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: unknown } } }>;
}

/**
 * The API's documentation as one plain HTML page, rendered on the hub from the OpenAPI document: it works
 * offline and under a strict Content-Security-Policy (no script, nothing loaded from elsewhere).
 */
export function apiDocsPage(document: OpenApiDocument): string {
  const operations: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as OperationEntry;
      const params = op.parameters.length
        ? `<table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${op.parameters
            .map(
              (p) =>
                `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${linkRefs(JSON.stringify(p.schema))}</code></td></tr>`,
            )
            .join('')}</table>`
        : '';
      const body = op.requestBody
        ? `<h4>Request body (application/json)</h4>${pretty(op.requestBody.content['application/json'].schema)}`
        : '';
      const responses = Object.entries(op.responses)
        .map(
          ([status, r]) =>
            `<li><b>${status}</b> ${escapeHtml(r.description)}${r.content ? ` — ${brief(r.content['application/json'].schema)}` : ''}</li>`,
        )
        .join('');
      operations.push(`
<section id="op-${escapeHtml(op.operationId)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(document.servers[0]?.url ?? '')}${escapeHtml(path)}</code></h3>
  <p>${escapeHtml(op.summary)}</p>
  <p>Scope 权限: <code>${escapeHtml(op['x-hallq-scope'])}</code> · operationId <code>${escapeHtml(op.operationId)}</code></p>
  ${params}${body}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  const schemas = Object.entries(document.components.schemas)
    .map(([name, schema]) => `<section id="schema-${name}"><h3>${name}</h3>${pretty(schema)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 2rem; color: #1c2430; line-height: 1.5; }
  h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccd; margin-top: 2.5rem; }
  section { border: 1px solid #dde; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
  pre { background: #f5f6fa; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
  table { border-collapse: collapse; } td, th { border: 1px solid #dde; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
  .method { display: inline-block; min-width: 4.2rem; text-align: center; border-radius: 4px; color: #fff; font-size: 0.85rem; padding: 0.1rem 0.3rem; }
  .get { background: #1b6fb5; } .post { background: #2b8a3e; } .put { background: #b46a00; } .delete { background: #b3261e; }
</style>
</head>
<body>
<h1>${escapeHtml(document.info.title)} <small>v${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>机器可读文档 · Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)})</p>
<h2>接口 · Operations</h2>
${operations.join('\n')}
<h2>数据结构 · Schemas</h2>
${schemas}
</body>
</html>
`;
}
