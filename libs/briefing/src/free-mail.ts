import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@app/core';

export const FREE_MAIL_FILE = 'libs/briefing/data/free-mail-domains.txt';

/** The refused domains: the data file the project carries, plus any configured extras. */
export function loadFreeMailDomains(extra: string[] = [], file = join(projectRoot(), FREE_MAIL_FILE)): Set<string> {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
  return new Set([...lines, ...extra.map((d) => d.trim().toLowerCase()).filter(Boolean)]);
}

/**
 * True when the domain (as the address parser gave it, see parseRegistrantAddress) is refused or a
 * subdomain of a refused one (mail.yahoo.co.jp counts as yahoo.co.jp).
 */
export function isFreeMailDomain(domain: string, domains: Set<string>): boolean {
  const labels = domain.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) if (domains.has(labels.slice(i).join('.'))) return true;
  return false;
}
