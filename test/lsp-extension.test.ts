/** The VS Code extension: its manifest matches the server, and `vsce` packages a self-contained .vsix. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drydockBin } from './fixtures/lsp/client.js';
import { extensionDir, packageExtension, vsce } from './fixtures/lsp/vsix.js';

const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));

/** Entries of a zip file (names and, on request, contents), from its central directory. */
function readZip(file: string): Map<string, () => Buffer> {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('vscode-extension/package.json', () => {
  it('targets VS Code 1.91+, activates on Dockerfiles and YAML, and contributes the settings the server reads', () => {
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.dependencies['vscode-languageclient']).toBe('11.0.0');
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:dockerfile', 'onLanguage:yaml']));
    const properties = manifest.contributes.configuration.properties;
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['drydock.enable', 'drydock.configPath', 'drydock.run', 'drydock.kubernetesVersion']));
    expect(properties['drydock.run'].enum).toEqual(['onType', 'onSave']);
    for (const [key, property] of Object.entries<{ description?: string }>(properties)) expect(property.description, key).toBeTruthy();
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['drydock.fixAll', 'drydock.showRuleDocumentation', 'drydock.restartServer']);
  });
});

// Needs the extension's own dependencies (`npm ci` in vscode-extension/) and the built project.
describe.runIf(existsSync(vsce) && existsSync(drydockBin))('packaging the extension with vsce (offline)', () => {
  it('builds a .vsix with the bundled client, the server and its dependencies, and nothing of the sources', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'drydock-vsix-'));
    try {
      const vsix = path.join(out, 'drydock.vsix');
      packageExtension(vsix);
      const entries = readZip(vsix);
      const names = [...entries.keys()];
      for (const required of [
        'extension/package.json',
        'extension/readme.md',
        'extension/images/icon.png',
        'extension/dist/extension.js',
        'extension/server/dist/cli/main.js',
        'extension/server/dist/lsp/server.js',
        'extension/server/schema/drydock.schema.json',
        'extension/server/node_modules/vscode-languageserver/package.json',
        'extension/server/node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
      ]) {
        expect(names, required).toContain(required);
      }
      expect(names.filter((name) => name.startsWith('extension/src/') || name.endsWith('.map') || name.endsWith('.vsix'))).toEqual([]);
      const client = entries.get('extension/dist/extension.js')!().toString('utf8');
      // The client is bundled: vscode-languageclient is inside, only `vscode` stays external.
      expect(client).toContain('drydock.applyFixAll');
      expect(client).not.toMatch(/require\("vscode-languageclient/);
      expect(JSON.parse(entries.get('extension/package.json')!().toString('utf8')).engines.vscode).toBe('^1.91.0');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
