/**
 * The one Clock (now: schedule and cancel) lives with the proxy, which had it first; server code
 * imports it through here, so moving it to a shared place changes this line only.
 */
export { type Cancel, type Clock, systemClock } from '../mcp-proxy/clock.js';
