import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ModelStatus } from '../controllers/hub-data.js';
import { captionAt, captionTimeline, spokenRange } from '../state/captions.js';
import { queueSummary, queuedSessionIds } from '../state/queue.js';
import { permissionGroups, pendingBySession } from '../state/permissions.js';
import { groupRoster, rosterRows, DEFAULT_ROSTER_SORT, type RosterSort } from '../state/roster.js';
import { dotInfo, dotState, tabView, type TabView, type VoiceActivity } from '../state/session-dot.js';
import type { SbApp } from './sb-app.js';
import type { SpokenHighlight } from './sb-transcript.js';
import { fire } from '../events.js';
import { icons } from './icons.js';
import './sb-past-sessions.js';
import './sb-split-handle.js';

/** What sb-app's render needs, derived from its controllers in one place (pure reads). */
export type AppView = {
  activity: VoiceActivity | null;
  queued: ReadonlySet<string>;
  /** Pending permission requests by session id. */
  permissions: ReadonlyMap<string, number>;
  tabs: TabView[];
  caption: string;
  highlight: SpokenHighlight | null;
  queueSummary: string;
  problem: string | null;
};

export function voiceView(app: SbApp): AppView {
  const { voice, data } = app;
  const turn = voice.turn;
  const phase = voice.phase;
  const active = turn !== null && phase !== 'idle' && phase !== 'locked';
  const activity: VoiceActivity | null = active
    ? {
        sessionId: turn.sessionId,
        turnId: turn.turnId,
        phase: phase === 'speaking' ? 'speaking' : phase === 'transcribing' ? 'transcribing' : 'listening',
      }
    : null;
  const queued = new Set(queuedSessionIds(data.queue));
  const permissions = pendingBySession(app.permissions.pending);
  const context = { activity, queued, selectedId: data.selectedId, permissions };
  const tabs = data.ordered.map((s) => tabView(s, context));

  let caption = '';
  let highlight: SpokenHighlight | null = null;
  if (turn !== null && phase === 'speaking') {
    const timeline = captionTimeline(voice.captions);
    const now = performance.now();
    caption = captionAt(timeline, now)?.text ?? '';
    highlight = { turnId: turn.turnId, range: spokenRange(timeline, now) };
  }
  // The queue minus the session speaking now: "who is next".
  const waiting = data.queue.filter((q) => q.sessionId !== activity?.sessionId);
  return {
    activity,
    queued,
    permissions,
    tabs,
    caption,
    highlight,
    queueSummary: queueSummary(waiting, data.nameOf),
    problem: voice.micProblem ?? modelProblem(data.models),
  };
}

/** A speech model that is not ready, in words (null when both are fine or loading quietly). */
export function modelProblem(models: readonly ModelStatus[]): string | null {
  for (const m of models) {
    const what = m.kind === 'tts' ? 'Speech synthesis' : 'Speech recognition';
    const fallback = m.kind === 'tts' ? 'questions show as text' : 'reply by text';
    if (m.state === 'downloading')
      return `${what}: downloading the model${m.progress === null ? '' : ` (${Math.round(m.progress * 100)}%)`}…`;
    if (m.state === 'missing' || m.state === 'error')
      return `${what} is unavailable${m.message ? ` (${m.message})` : ''}: ${fallback}.`;
  }
  return null;
}

export function renderMain(app: SbApp, view: AppView) {
  const { data } = app;
  if (app.view === 'inbox') return renderInbox(app);
  if (app.view === 'past') return renderPast(app);
  if (app.view === 'roster') {
    const sort: RosterSort = app.rosterSort ?? DEFAULT_ROSTER_SORT;
    const permissionsOf = (s: { id: string; state: string }) =>
      s.state === 'exited' ? 0 : (view.permissions.get(s.id) ?? 0);
    const rows = rosterRows(
      data.ordered,
      (s) =>
        dotState({
          session: s,
          activity: view.activity,
          queued: view.queued,
          pendingPermissions: permissionsOf(s),
        }),
      app.now,
      permissionsOf,
    );
    return html`<sb-roster
      .groups=${groupRoster(rows, sort)}
      .sort=${sort}
      @sb-roster-sort=${(e: CustomEvent<{ sort: RosterSort }>) => app.setRosterSort(e.detail.sort)}
    ></sb-roster>`;
  }
  const session = data.selected;
  if (session === null) {
    if (!data.listed && data.ordered.length === 0) {
      return html`<div class="empty">
        <p>${app.connection.status === 'open' ? 'Loading sessions…' : 'Connecting to the hub…'}</p>
      </div>`;
    }
    return html`<div class="empty">
      <h2>No sessions yet</h2>
      <p>
        Start a Claude Code session in a project folder (or let the hub make one). It will talk to you here.
      </p>
      <button class="btn primary" @click=${(e: Event) => fire(e.target as HTMLElement, 'sb-new-session', {})}>
        ${icons.plus} New session
      </button>
    </div>`;
  }
  const dot = view.tabs.find((t) => t.id === session.id)?.dot ?? session.state;
  const terminal = app.terminals.isOpen(session.id);
  return html`<sb-conversation
      .session=${session}
      .dot=${dot}
      .dotLabel=${dotInfo(dot).label}
      .entries=${data.transcripts.entries(session.id)}
      .loading=${data.loadingTranscripts.has(session.id) || !data.transcripts.hasHistory(session.id)}
      .highlight=${view.highlight?.turnId !== undefined && view.activity?.sessionId === session.id ? view.highlight : null}
      .now=${app.now}
      .send=${app.actions.reply}
      .sendMessage=${app.actions.message}
      .answerDialog=${app.actions.answerDialog}
      .permissions=${permissionGroups(app.permissions.pending, [], session.id)[0]?.requests ?? []}
      .terminalOpen=${terminal}
    ></sb-conversation
    >${
      terminal
        ? // One terminal per session: another session's starts afresh (read-only, its own zoom).
          html`<sb-split-handle .share=${app.terminals.share}></sb-split-handle>${keyed(
              session.id,
              html`<sb-terminal-dock
                style=${styleMap({ flexBasis: `${app.terminals.share}%` })}
                .sessionId=${session.id}
                .sessionName=${session.name}
                .api=${app.api}
                ?exited=${session.state === 'exited'}
              ></sb-terminal-dock>`,
            )}`
        : nothing
    }`;
}

function renderPast(app: SbApp) {
  return html`<sb-past-sessions
    .api=${app.api}
    .now=${app.now}
    .liveKey=${app.data.ordered.map((s) => s.id).join(' ')}
    .resume=${app.actions.resume}
    .forget=${app.actions.forget}
    .confirm=${app.confirm}
  ></sb-past-sessions>`;
}

function renderInbox(app: SbApp) {
  const { data, permissions } = app;
  const filterId = app.inboxFilter;
  return html`<sb-permission-inbox
    .groups=${permissionGroups(
      permissions.pending,
      data.ordered.map((s) => s.id),
      filterId,
    )}
    .recent=${permissions.book.recent}
    .busy=${permissions.busy}
    .filter=${filterId === null ? null : { sessionId: filterId, sessionName: data.nameOf(filterId) }}
    .totalPending=${permissions.pending.size}
    .now=${app.now}
    .decide=${permissions.decide}
    .allowAll=${permissions.allowAll}
  ></sb-permission-inbox>`;
}

export function renderVoiceBar(app: SbApp, view: AppView) {
  const { voice, data, actions } = app;
  return html`<sb-voice-controls
    .phase=${voice.phase}
    .session=${data.selected}
    .speakerName=${voice.turn?.sessionName ?? null}
    .talkTo=${data.selected === null || data.selected.state === 'exited' ? null : data.selected.name}
    .caption=${view.caption}
    .queueSummary=${view.queueSummary}
    .handsFree=${voice.handsFree}
    .voices=${data.voices}
    .problem=${view.problem}
    .vad=${voice.vadName}
    .vadUpcoming=${voice.vadUpcoming}
    @sb-mic=${() => app.afterTap(voice.tap(data.queue.length))}
    @sb-interrupt=${() => voice.interrupt()}
    @sb-hands-free=${(e: CustomEvent<{ handsFree: boolean }>) => app.setHandsFree(e.detail.handsFree)}
    @sb-mute=${(e: CustomEvent<{ id: string; muted: boolean }>) => void actions.setMuted(e.detail.id, e.detail.muted)}
    @sb-voice=${(e: CustomEvent<{ id: string; voice?: string; speed?: number }>) => {
      const { id, ...settings } = e.detail;
      void actions.setVoice(id, settings);
    }}
  ></sb-voice-controls>`;
}
