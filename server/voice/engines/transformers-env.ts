/**
 * The only module that writes transformers.js's `env`. That object is a process-wide singleton
 * which kokoro-js shares (one copy of @huggingface/transformers is installed), and it is read while
 * a model loads: where local files are (`localModelPath`), where downloads go (`cacheDir`), and
 * whether the hub may be asked (`allowRemoteModels`). So every load runs inside `withModelEnv`, one
 * at a time, with the settings of the ModelStore that asked. The hub gives every engine the same
 * modelsDir; tests use several, and none can change the settings under another's load. Running a
 * loaded model reads none of it.
 */
export type ModelEnvSettings = {
  /** Both the local model folder and the download cache: downloads land where later loads look. */
  modelsDir: string;
  /** False when every file is on disk, so a load never touches the network. */
  allowRemote: boolean;
  /** The Hugging Face hub's address, ending in "/". */
  remoteHost: string;
};

// Module-level on purpose: it guards the module-level `env` above.
let queue: Promise<unknown> = Promise.resolve();

/** Runs `load` with transformers.js configured by `settings`, after any load already running. */
export function withModelEnv<T>(settings: ModelEnvSettings, load: () => Promise<T>): Promise<T> {
  const run = async () => {
    // Imported here, on the first load, so a hub that never speaks never loads transformers.js.
    const { env } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.localModelPath = settings.modelsDir;
    env.cacheDir = settings.modelsDir;
    env.useFSCache = true;
    env.allowRemoteModels = settings.allowRemote;
    env.remoteHost = settings.remoteHost;
    return load();
  };
  const result = queue.then(run, run);
  // The queue only orders loads; a failed load must not fail the next one.
  queue = result.catch(() => undefined);
  return result;
}
