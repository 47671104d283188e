import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeStandInModels } from '../../../scripts/stand-in-models/generate.js';

export const SHARED_MODELS = new URL('../../../../shared/models', import.meta.url).pathname;
export const JFK_WAV = new URL('../../../../shared/audio/jfk.wav', import.meta.url).pathname;
const PROJECT_MODELS = new URL('../../../models', import.meta.url).pathname;

/** transformers.js's own default cache folder, inside its package: nothing may land there. */
function transformersDefaultCache(): string {
  const entry = createRequire(import.meta.url).resolve('@huggingface/transformers');
  return join(dirname(dirname(entry)), '.cache');
}

/** A temp dir; `standIns` fills it with the generated stand-in models. */
export async function tempModelsDir(standIns: boolean): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-models-'));
  if (standIns) await writeStandInModels(dir, SHARED_MODELS);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Where a model load could write if the models dir were ignored: the project's `models/` (it holds
 * a tracked README) and transformers.js's default cache. Call before and after; nothing may change.
 */
export function outsideWrites(): { projectModels: string[]; transformersCache: boolean } {
  const projectModels = existsSync(PROJECT_MODELS)
    ? readdirSync(PROJECT_MODELS, { recursive: true }).map(String).sort()
    : [];
  return { projectModels, transformersCache: existsSync(transformersDefaultCache()) };
}
