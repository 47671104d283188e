/** A minimal typed event emitter: works the same in the browser and in Node, no DOM events. */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** onError: a throwing listener is reported there and the others still run. */
  constructor(private readonly onError: (type: keyof Events, error: unknown) => void = () => undefined) {}

  /** Returns the function that removes the listener. */
  on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(type) ?? []) {
      try {
        (listener as (p: Events[K]) => void)(payload);
      } catch (error) {
        this.onError(type, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
