import type { DebugHook, MicSource } from './ports.js';
import { VAD_SAMPLE_RATE } from './ports.js';
import { Resampler } from './resample.js';

/**
 * The browser microphone as a MicSource: getUserMedia with the browser's echo cancellation (so
 * the assistant's own voice does not trigger barge-in), an AudioWorklet that ships raw samples to
 * the main thread, and a resampler to 16 kHz there. Browser-only: compiled by tsconfig.web.json.
 */

const PROCESSOR = 'switchboard-mic';

// Runs on the audio thread. Batches the 128-sample render quanta so the main thread gets ~20 ms
// messages instead of ~375 per second; transfers the buffer instead of copying it.
const WORKLET_SOURCE = `
class SwitchboardMic extends AudioWorkletProcessor {
  constructor() { super(); this.batch = new Float32Array(1024); this.filled = 0; }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let at = 0;
      while (at < channel.length) {
        const take = Math.min(this.batch.length - this.filled, channel.length - at);
        this.batch.set(channel.subarray(at, at + take), this.filled);
        this.filled += take; at += take;
        if (this.filled === this.batch.length) {
          this.port.postMessage(this.batch, [this.batch.buffer]);
          this.batch = new Float32Array(1024); this.filled = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor('${PROCESSOR}', SwitchboardMic);
`;

export const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};

export type MicCaptureOptions = {
  /** Share the page's AudioContext (it is then left open on stop); default: one of our own. */
  context?: () => AudioContext;
  constraints?: MediaTrackConstraints;
  debug?: DebugHook;
};

type Running = {
  stream: MediaStream;
  context: AudioContext;
  ownContext: boolean;
  source: MediaStreamAudioSourceNode;
  node: AudioWorkletNode;
  sink: GainNode;
};

export class MicCapture implements MicSource {
  private running: Running | null = null;
  /** Contexts that already loaded the worklet module (addModule once per context). */
  private readonly loaded = new WeakSet<AudioContext>();

  constructor(private readonly options: MicCaptureOptions = {}) {}

  async start(onAudio: (samples: Float32Array) => void | Promise<void>): Promise<void> {
    this.stop();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: this.options.constraints ?? MIC_CONSTRAINTS,
    });
    const ownContext = this.options.context === undefined;
    const context = this.options.context?.() ?? new AudioContext();
    try {
      await context.resume();
      await this.loadWorklet(context);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        channelCount: 1,
        channelCountMode: 'explicit', // the browser downmixes a stereo mic to mono
      });
      // Some engines only run nodes that reach the destination: route it there, silenced.
      const sink = context.createGain();
      sink.gain.value = 0;
      const resampler = new Resampler(context.sampleRate, VAD_SAMPLE_RATE);
      node.port.onmessage = (event: MessageEvent<Float32Array>) => {
        const result = onAudio(resampler.process(event.data));
        if (result instanceof Promise)
          result.catch((error: unknown) => this.options.debug?.('mic frame failed', error));
      };
      source.connect(node);
      node.connect(sink);
      sink.connect(context.destination);
      this.running = { stream, context, ownContext, source, node, sink };
      this.options.debug?.(`mic on at ${context.sampleRate} Hz`);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      if (ownContext) void context.close();
      throw error;
    }
  }

  stop(): void {
    const running = this.running;
    if (running === null) return;
    this.running = null;
    running.node.port.onmessage = null;
    running.source.disconnect();
    running.node.disconnect();
    running.sink.disconnect();
    // Stopping the tracks is what releases the device and turns the browser's indicator off.
    for (const track of running.stream.getTracks()) track.stop();
    if (running.ownContext) void running.context.close();
  }

  private async loadWorklet(context: AudioContext): Promise<void> {
    if (this.loaded.has(context)) return;
    const url = URL.createObjectURL(new Blob([WORKLET_SOURCE], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
      this.loaded.add(context);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
