import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ HOME: '/home/me' }, '/srv');
    expect(config).toMatchObject({
      port: 3460,
      host: '127.0.0.1',
      token: undefined,
      claudeBin: 'claude',
      tmuxSocket: 'switchboard',
      idleTimeoutMs: 0,
      resumeOnStart: false,
    });
    expect(config.dataDir).toMatch(/\.switchboard$/);
    expect(config.modelsDir).toMatch(/models$/);
  });
  it('reads every SWITCHBOARD_* variable', () => {
    const config = loadConfig(
      {
        SWITCHBOARD_PORT: '4000',
        SWITCHBOARD_HOST: '0.0.0.0',
        SWITCHBOARD_DATA_DIR: 'data',
        SWITCHBOARD_TOKEN: 'a-long-enough-token',
        SWITCHBOARD_CLAUDE_BIN: '/opt/claude',
        SWITCHBOARD_MODELS_DIR: '/models',
        SWITCHBOARD_IDLE_TIMEOUT_MIN: '30',
        SWITCHBOARD_RESUME_ON_START: '1',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      dataDir: '/srv/data',
      token: 'a-long-enough-token',
      claudeBin: '/opt/claude',
      modelsDir: '/models',
      idleTimeoutMs: 30 * 60_000,
      resumeOnStart: true,
    });
  });
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ SWITCHBOARD_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SWITCHBOARD_PORT: 'eighty' })).toThrow(/SWITCHBOARD_PORT/);
    expect(() => loadConfig({ SWITCHBOARD_TOKEN: 'short' })).toThrow(
      /SWITCHBOARD_TOKEN: must be at least 16/,
    );
    expect(() => loadConfig({ SWITCHBOARD_RESUME_ON_START: 'sometimes' })).toThrow(
      /SWITCHBOARD_RESUME_ON_START/,
    );
  });
});
