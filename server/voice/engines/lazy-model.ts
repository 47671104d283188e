import { ModelUnavailableError, type ModelState } from './engine-types.js';
import type { ModelSpec, ModelStore, ProgressCallback } from './model-store.js';

/** The logger an engine needs; Fastify's pino logger fits. */
export type EngineLog = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
};

export const silentLog: EngineLog = { info: () => undefined, warn: () => undefined };

/**
 * A model loaded on first use, one load at a time: callers that arrive while it loads share that
 * load. A failed load is forgotten, so the next call tries again (after `npm run models` has run,
 * say) instead of failing forever. Reports every change of state to its listeners.
 */
export class LazyModel<T> {
  private loaded: T | null = null;
  private loading: Promise<T> | null = null;
  private state: ModelState;
  private readonly listeners = new Set<(state: ModelState) => void>();

  constructor(
    private readonly store: ModelStore,
    private readonly spec: ModelSpec,
    kind: ModelState['kind'],
    private readonly create: (onProgress: ProgressCallback) => Promise<T>,
    private readonly log: EngineLog,
  ) {
    this.state = { kind, model: spec.model, state: 'not_loaded', progress: null, message: null };
  }

  /** The loaded model, loading it first if needed. */
  get(): Promise<T> {
    if (this.loaded !== null) return Promise.resolve(this.loaded);
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  status(): ModelState {
    return { ...this.state };
  }

  onStatus(listener: (state: ModelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async load(): Promise<T> {
    const started = performance.now();
    try {
      const model = await this.store.load(this.spec, (update) => this.set(update), this.create);
      this.loaded = model;
      const ms = Math.round(performance.now() - started);
      this.set({ state: 'ready', progress: null, message: null });
      this.log.info({ model: this.spec.model, ms }, 'speech model loaded');
      return model;
    } catch (error) {
      const missing = error instanceof ModelUnavailableError;
      const message = error instanceof Error ? error.message : String(error);
      const before = this.state;
      this.set({ state: missing ? 'missing' : 'error', progress: null, message });
      // Every converse retries a missing model; say so once, not on every call.
      if (before.state !== this.state.state || before.message !== message) {
        this.log.warn(
          { model: this.spec.model, err: error },
          missing ? 'speech model missing' : 'speech model failed to load',
        );
      }
      throw error;
    }
  }

  private set(update: Pick<ModelState, 'state' | 'progress' | 'message'>): void {
    this.state = { ...this.state, ...update };
    const snapshot = this.status();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        // A broken listener (a closed socket, say) must not break loading for everyone else.
        this.log.warn({ err: error }, 'speech model status listener failed');
      }
    }
  }
}
