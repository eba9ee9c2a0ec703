import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { projectRoot } from '@app/core';

const DIR = 'libs/matching/data/ocds-1.1.5';
const read = (f: string) => JSON.parse(readFileSync(join(projectRoot(), DIR, f), 'utf8'));

/** RFC 7386 JSON Merge Patch: how an OCDS extension patches the release schema. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validator: Validate | null = null;

/**
 * Validates an OCDS 1.1.5 release package (with the bid and lots extensions patched into the
 * release schema), using the schema files the project carries: nothing is fetched.
 */
export function validateReleasePackage(pkg: unknown): { valid: boolean; errors: unknown } {
  if (!validator) {
    const release = ['bid', 'lots'].reduce(
      (schema, ext) => mergePatch(schema, read(`extensions/${ext}/release-schema.json`)),
      read('release-schema.json'),
    ) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    ajv.addSchema(release, 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json');
    validator = ajv.compile(read('release-package-schema.json')) as Validate;
  }
  const valid = validator(pkg);
  return { valid, errors: valid ? null : validator.errors };
}

export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
];
