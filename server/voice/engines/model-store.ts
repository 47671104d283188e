import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DownloadProgress, type ProgressEvent } from './download-progress.js';
import { ModelUnavailableError, type ModelState } from './engine-types.js';
import { withModelEnv } from './transformers-env.js';

export const HUGGING_FACE_HUB = 'https://huggingface.co/';
const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

/** A model as it lies in the models folder: `<modelsDir>/<model>/<file>`. */
export type ModelSpec = {
  model: string;
  /** Every file the loading code reads, relative to the model's folder. */
  files: readonly string[];
};

export type LoadUpdate = Pick<ModelState, 'state' | 'progress' | 'message'>;

/** Passed to transformers.js / kokoro-js as `progress_callback`. */
export type ProgressCallback = (event: ProgressEvent) => void;

export type ModelStoreOptions = {
  /** Where every model lives; SWITCHBOARD_MODELS_DIR, `<project>/models` by default. */
  modelsDir: string;
  /** The hub to download from (tests point it at a local server). */
  remoteHost?: string;
  /** How long to wait for the hub to answer before calling a model unavailable. */
  probeTimeoutMs?: number;
  fetch?: typeof fetch;
};

/** The model's files are on disk but could not be loaded (corrupt or from another export). */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly model: string,
    readonly folder: string,
    cause: unknown,
  ) {
    super(
      `The speech model ${model} in ${folder} could not be loaded (${cause instanceof Error ? cause.message : String(cause)}). Delete the folder and run \`npm run models\` again.`,
      { cause },
    );
  }
}

/**
 * A models folder as one engine sees it (each engine makes its own from its options; the hub gives
 * both the same modelsDir). Loads are fully offline when a model's files are present; when some
 * are missing the hub is asked (briefly, see probeTimeoutMs) and the files are downloaded into the
 * folder, where the next start finds them.
 */
export class ModelStore {
  readonly modelsDir: string;
  private readonly remoteHost: string;
  private readonly probeTimeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: ModelStoreOptions) {
    this.modelsDir = options.modelsDir;
    const host = options.remoteHost ?? HUGGING_FACE_HUB;
    this.remoteHost = host.endsWith('/') ? host : `${host}/`;
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  folder(model: string): string {
    return join(this.modelsDir, model);
  }

  async missingFiles(spec: ModelSpec): Promise<string[]> {
    const present = await Promise.all(
      spec.files.map((file) =>
        access(join(this.folder(spec.model), file)).then(
          () => true,
          () => false,
        ),
      ),
    );
    return spec.files.filter((_, index) => present[index] !== true);
  }

  /**
   * Runs `load` (which calls from_pretrained / pipeline with the given progress callback), reporting
   * loading, downloading with progress, and ready through `report`. Rejects with
   * ModelUnavailableError when files are missing and the hub cannot provide them.
   */
  async load<T>(
    spec: ModelSpec,
    report: (update: LoadUpdate) => void,
    load: (onProgress: ProgressCallback) => Promise<T>,
  ): Promise<T> {
    const folder = this.folder(spec.model);
    const missing = await this.missingFiles(spec);
    if (missing.length === 0) {
      report({ state: 'loading', progress: null, message: null });
      try {
        return await withModelEnv(this.envSettings(false), () => load(() => undefined));
      } catch (error) {
        throw new ModelLoadError(spec.model, folder, error);
      }
    }

    const hubError = await this.probeHub(spec.model);
    if (hubError !== null) throw new ModelUnavailableError(spec.model, folder, hubError);
    const progress = new DownloadProgress(missing);
    report({ state: 'downloading', progress: 0, message: `Downloading ${spec.model}` });
    const onProgress: ProgressCallback = (event) => {
      const snapshot = progress.update(event);
      if (snapshot !== null) report({ state: 'downloading', ...snapshot });
    };
    try {
      return await withModelEnv(this.envSettings(true), () => load(onProgress));
    } catch (error) {
      // A download that broke off leaves files missing: the model is unavailable, not broken.
      if ((await this.missingFiles(spec)).length > 0)
        throw new ModelUnavailableError(spec.model, folder, error);
      throw new ModelLoadError(spec.model, folder, error);
    }
  }

  /**
   * transformers.js's fetch has no timeout, so a network that drops packets would leave the first
   * converse waiting for minutes. One quick request decides whether to try the download at all.
   */
  private async probeHub(model: string): Promise<unknown> {
    try {
      await this.fetch(`${this.remoteHost}${model}/resolve/main/config.json`, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.probeTimeoutMs),
      });
      return null;
    } catch (error) {
      return error;
    }
  }

  private envSettings(allowRemote: boolean) {
    return { modelsDir: this.modelsDir, allowRemote, remoteHost: this.remoteHost };
  }
}
