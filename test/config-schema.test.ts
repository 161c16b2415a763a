/** The checked-in config schema matches the rules, and validates what the docs show. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, starterConfig } from '../src/core/config.js';
import { RuleRegistry } from '../src/core/registry.js';
import { allRules } from '../src/rules/index.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { buildSchema, schemaPath, schemaText } from '../scripts/gen-config-schema.mjs';

const registry = new RuleRegistry(allRules);

describe('schema/drydock.schema.json', () => {
  it('is up to date with the rules (regenerate: npm run build && node scripts/gen-config-schema.mjs)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(schemaText(allRules.map((rule) => rule.meta)));
  });

  it('offers every rule id and alias for completion, with a description', () => {
    const schema = buildSchema(allRules.map((rule) => rule.meta)) as { definitions: { rules: { properties: Record<string, { description: string }> }; ruleId: { enum: string[] } } };
    const keys = Object.keys(schema.definitions.rules.properties);
    for (const rule of allRules) {
      expect(keys).toContain(rule.meta.id);
      for (const alias of Object.values(rule.meta.aliases).flat()) expect(keys).toContain(alias);
    }
    expect(schema.definitions.ruleId.enum).toEqual(keys);
    expect(Object.values(schema.definitions.rules.properties).every((p) => p.description.length > 0)).toBe(true);
  });

  it('accepts the starter config and the documented example', () => {
    expect(() => parseConfig('.drydock.yaml', starterConfig(), registry)).not.toThrow();
    const docs = readFileSync(path.join(__dirname, '..', 'docs', 'configuration.md'), 'utf8');
    const example = /```yaml\n# full example\n([\s\S]*?)```/.exec(docs);
    expect(example).not.toBeNull();
    expect(() => parseConfig('.drydock.yaml', example![1], registry)).not.toThrow();
    expect(parseConfig('.drydock.yaml', example![1], registry).images.length).toBeGreaterThan(0);
  });

  it('reads `images:` (a path, or dockerfile and target) relative to the config, with the entry\'s line; rejects other shapes at their line', () => {
    const file = path.resolve('/repo/.drydock.yaml');
    const config = parseConfig(file, 'root: true\nimages:\n  ghcr.io/acme/api: services/api/Dockerfile\n  "ghcr.io/acme/*":\n    dockerfile: build/Dockerfile\n    target: final\n', registry);
    expect(config.images).toEqual([
      { image: 'ghcr.io/acme/api', dockerfile: path.resolve('/repo/services/api/Dockerfile'), target: null, file, line: 3 },
      { image: 'ghcr.io/acme/*', dockerfile: path.resolve('/repo/build/Dockerfile'), target: 'final', file, line: 4 },
    ]);
    expect(() => parseConfig(file, 'images:\n  app:\n    dockerfile: Dockerfile\n    stage: x\n', registry)).toThrow(/\.drydock\.yaml:3:5: unknown key "stage" in images\.app/);
    expect(() => parseConfig(file, 'images:\n  app: 3\n', registry)).toThrow(/:2:8: images\.app must be/);
  });
});
