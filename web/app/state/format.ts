/** Short, glanceable times and paths for tabs, the roster and the transcript. */

/** 45 s, 12 min, 3 h 5 min, 2 d 4 h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** "just now", "5 min ago", "3 h ago". */
export function formatAgo(ms: number): string {
  return ms < 10_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** Milliseconds between an ISO time and now; 0 when the time does not parse. */
export function sinceIso(iso: string | null, now: number): number {
  const at = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.max(0, now - at);
}

/**
 * How long a session has lived, for its header: "up 45 s" while it runs (the page's clock ticks
 * every second, so this counts), "ran 12 min, ended 3 min ago" once it has exited. An exit time
 * the hub did not record reads "ended" alone rather than a made-up duration.
 */
export function formatLifetime(
  session: { createdAt: string; exitedAt: string | null; state: string },
  now: number,
): string {
  if (session.state !== 'exited') return `up ${formatDuration(sinceIso(session.createdAt, now))}`;
  const ended = session.exitedAt === null ? Number.NaN : Date.parse(session.exitedAt);
  if (Number.isNaN(ended)) return 'ended';
  const ran = formatDuration(sinceIso(session.createdAt, ended));
  return `ran ${ran}, ended ${formatAgo(Math.max(0, now - ended))}`;
}

/** The last `keep` folders of a path, for narrow places ("…/work/api-service"). */
export function shortPath(path: string, keep = 2): string {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length <= keep) return path;
  return `…/${parts.slice(-keep).join('/')}`;
}

/** 14:03 today, "Mon 14:03" this week, else the date. */
export function formatClock(iso: string, now: number): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const age = now - at.getTime();
  if (age < 20 * 3600_000 && new Date(now).getDate() === at.getDate()) return time;
  if (age < 6 * 86_400_000) return `${at.toLocaleDateString([], { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString()} ${time}`;
}

/** 512 B, 12 KB, 3.4 MB (1024-based, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}
