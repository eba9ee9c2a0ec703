import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE } from './domain-error';
import { errorTableMarkdown, withErrorTable } from './error-table';

describe('the README error list', () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');

  it('is the catalogue, every code with its Japanese and English message (run `npm run schema:write`)', () => {
    expect(withErrorTable(readme)).toBe(readme);
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(readme).toContain(`| \`${code}\` |`);
  });

  it('escapes a pipe inside a message so the table keeps its columns', () => {
    expect(
      errorTableMarkdown()
        .split('\n')
        .every((l) => !l.startsWith('|') || l.split(/(?<!\\)\|/).length === 5),
    ).toBe(true);
  });
});
