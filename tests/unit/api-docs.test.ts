// docs/api.md is the API reference, written from the contract (src-shared/api.ts). This test fails when the two
// drift apart; regenerate with: UPDATE_API_DOCS=1 npx vitest run tests/unit/api-docs
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { api } from '../../src-shared/api';
import { ROLE_LABELS, ROLE_PERMISSIONS } from '../../src-shared/permissions';

function render(): string {
  const lines = [
    '# VănThư — API reference',
    '',
    'Generated from `src-shared/api.ts` by `tests/unit/api-docs.test.ts` (`UPDATE_API_DOCS=1 npx vitest run tests/unit/api-docs`).',
    '',
    'Every operation is `POST /api/<method>` with a JSON body (browser mode) or `window.bridge.invoke(method, input)`',
    '(Electron: the main process holds the session). API clients carry `Authorization: Bearer <token>` from `auth.login`;',
    'the browser page gets an HttpOnly session cookie instead and marks its calls `X-VanThu: 1`. The answer is a Wire envelope:',
    '`{"ok":true,"value":…}` or `{"ok":false,"error":{"code","message","fields"?,"details"?}}`; the HTTP status follows the',
    'code (400 invalid input, 401 no session, 403 forbidden, 404 unknown, 409 conflict, 413 too large, 500 internal).',
    'Methods marked *file in* take the bytes as the request body (`Content-Type: application/octet-stream`) and the other',
    'inputs as URL-encoded JSON in the `X-Vanthu-Input` header; *file out* methods answer with the file itself.',
    '`GET /api/health` answers `{"ok":true,"version":…}`; `GET /api/events` is the server-sent event stream.',
    '',
    '## Roles',
    '',
    '| role | permissions |',
    '| --- | --- |',
    ...Object.entries(ROLE_PERMISSIONS).map(([r, ps]) => `| ${r} (${ROLE_LABELS[r as keyof typeof ROLE_LABELS]}) | ${ps.join(', ')} |`),
    '',
  ];
  let domain = '';
  for (const [name, spec] of Object.entries(api)) {
    const d = name.split('.')[0];
    if (d !== domain) {
      domain = d;
      lines.push('', `## ${d}`, '', '| method | what | access | permission | audited | input |', '| --- | --- | --- | --- | --- | --- |');
    }
    const schema = z.toJSONSchema(spec.input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
    const fields = Object.keys(schema.properties ?? {}).map((k) => (schema.required?.includes(k) ? `**${k}**` : k));
    const flags = [spec.binary === 'input' ? 'file in' : '', spec.binary === 'output' ? 'file out' : ''].filter(Boolean).join(', ');
    lines.push(
      `| \`${name}\` | ${spec.summary}${flags ? ` (*${flags}*)` : ''} | ${spec.access} | ${spec.permission ?? '—'} | ${spec.mutates ? 'yes' : spec.auditAccess ? 'access' : ''} | ${fields.join(', ') || '—'} |`,
    );
  }
  lines.push('', 'Required inputs are in bold. Exact types are the zod schemas in `src-shared/api/*.ts`.', '');
  return lines.join('\n');
}

it('docs/api.md matches the contract', () => {
  const file = path.resolve('docs/api.md');
  const text = render();
  if (process.env.UPDATE_API_DOCS) fs.writeFileSync(file, text);
  expect(fs.readFileSync(file, 'utf8')).toBe(text);
});
