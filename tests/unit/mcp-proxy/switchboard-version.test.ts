import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SWITCHBOARD_VERSION } from '../../../mcp-proxy/switchboard-version.js';

describe('SWITCHBOARD_VERSION', () => {
  it("is package.json's version, so a release changes one number", () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SWITCHBOARD_VERSION).toBe(manifest.version);
  });
});
