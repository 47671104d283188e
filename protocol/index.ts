export * from './session.js';
export * from './proxy.js';
export * from './hooks.js';
export * from './browser.js';
export * from './errors.js';
export * from './voice.js';
export * from './audio-frame.js';
export * from './transcript.js';
