// The floor for bench:messages: the same path as a message through the hub, with no product code.
// A bare node:http server in its own process (as the hub runs), better-sqlite3 in WAL mode with
// one transaction per message (as the hub stores one), and the same long poll for a reader
// (`GET /api/events?since=&waitS=&limit=`, woken by each insert). No routing library, no
// validation, no auth, no state machine: whatever it sustains is what this machine allows.
// Prints its port on stdout and serves until killed.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-floor-'));
const db = new Database(join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, session_id TEXT, kind TEXT, at TEXT, data_json TEXT)');
const insert = db.prepare('INSERT INTO events (session_id, kind, at, data_json) VALUES (?, ?, ?, ?)');
const since = db.prepare('SELECT * FROM events WHERE session_id = ? AND id > ? ORDER BY id LIMIT ?');
const last = db.prepare('SELECT MAX(id) AS id FROM events');
const store = db.transaction((sessionId, data) =>
  insert.run(sessionId, 'message_in', new Date().toISOString(), data),
);

/** Long polls waiting for something newer. */
const waiters = new Set();

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function rows(sessionId, cursor, limit) {
  return since.all(sessionId, cursor, limit).map((row) => ({ ...row, data: JSON.parse(row.data_json) }));
}

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://floor');
  if (request.method === 'POST') {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const sessionId = url.pathname.split('/')[3];
      const { lastInsertRowid } = store(sessionId, JSON.stringify({ text: body.text, from: body.from }));
      send(response, 201, { message: { id: Number(lastInsertRowid), sessionId, text: body.text } });
      for (const wake of [...waiters]) wake();
    });
    return;
  }
  const sessionId = url.searchParams.get('session');
  const limit = Number(url.searchParams.get('limit') ?? 100);
  if (!url.searchParams.has('since')) return send(response, 200, { events: [], last: last.get().id ?? 0 });
  const cursor = Number(url.searchParams.get('since'));
  const found = rows(sessionId, cursor, limit);
  if (found.length > 0) return send(response, 200, { events: found });
  const wake = () => {
    const now = rows(sessionId, cursor, limit);
    if (now.length === 0) return;
    waiters.delete(wake);
    clearTimeout(timer);
    send(response, 200, { events: now });
  };
  const timer = setTimeout(
    () => {
      waiters.delete(wake);
      send(response, 200, { events: [] });
    },
    Number(url.searchParams.get('waitS') ?? 5) * 1000,
  );
  waiters.add(wake);
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('SIGTERM', () => {
  server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
