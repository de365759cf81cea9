// The sandbox page: mirrors the Slack stand-in's workspace (pushed over Server-Sent Events) as a
// Slack channel with threads, and turns typing and clicks into calls to the sandbox server, which
// signs them as Slack does and sends them to the bot. Message HTML is rendered (and escaped) by
// the server; this script only places it and wires the controls.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const state = {
    workspace: null,
    channels: [],
    scenarios: [],
    messages: new Map(), // `${channel}:${ts}` -> message view
    channelId: null,
    thread: null, // ts of the open thread's parent
    dismissed: new Set(),
    pagerDuty: { available: false },
    alarms: { available: false },
    home: null, // the Home tab the bot published for the person at the keyboard
    view: 'channel', // or 'home'
  };

  // --- text helpers (for the few strings this script writes itself) ---------------------------
  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  const key = (m) => `${m.channel}:${m.ts}`;

  function toast(text, kind = 'error') {
    const el = $('toast');
    el.textContent = text;
    el.className = `toast toast--${kind}`;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (el.hidden = true), 5000);
  }

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    if (!res.ok && !answer.error) answer.error = `HTTP ${res.status}`;
    return answer;
  }

  // --- authors --------------------------------------------------------------------------------
  function authorOf(m) {
    const bot = state.workspace?.bot;
    if (m.user === 'USLACKBOT') return { name: 'Slackbot', app: false, initial: 'S', kind: 'slackbot' };
    if (m.via === 'response_url' || (bot && m.user === bot.userId)) return { name: bot ? bot.name : 'diagnose-502', app: true, initial: '5', kind: 'bot' };
    const user = state.workspace?.user;
    if (user && m.user === user.id) return { name: user.name, app: false, initial: 'Y', kind: 'user' };
    return { name: m.user, app: false, initial: '?', kind: 'user' };
  }

  // --- rendering ------------------------------------------------------------------------------
  function messageElement(m, inThread) {
    const el = document.createElement('div');
    el.className = 'msg';
    el.dataset.ts = m.ts;
    el.dataset.key = key(m);
    fillMessage(el, m, inThread);
    return el;
  }

  function fillMessage(el, m, inThread) {
    const author = authorOf(m);
    const replies = inThread ? [] : repliesOf(m.channel, m.ts);
    el.classList.toggle('msg--ephemeral', Boolean(m.ephemeralFor));
    el.dataset.edits = String(m.edits);
    const ephemeral = m.ephemeralFor
      ? `<div class="eph-note"><span class="eph-eye">👁</span> Only visible to you <button type="button" class="link eph-dismiss">Dismiss</button></div>`
      : '';
    const threadLink =
      !inThread && replies.length > 0
        ? `<button type="button" class="thread-link" data-thread="${escapeHtml(m.ts)}"><span class="thread-avatar">5</span>` +
          `<strong>${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</strong>` +
          `<span class="thread-last">Last reply ${escapeHtml(timeOf(replies[replies.length - 1].postedAt))}</span><span class="thread-view">View thread</span></button>`
        : '';
    el.innerHTML =
      `<div class="msg-avatar msg-avatar--${author.kind}" aria-hidden="true">${escapeHtml(author.initial)}</div>` +
      `<div class="msg-main">${ephemeral}` +
      `<div class="msg-head"><span class="msg-author">${escapeHtml(author.name)}</span>${author.app ? '<span class="app-badge">APP</span>' : ''}` +
      `<time class="msg-time" datetime="${escapeHtml(m.postedAt)}">${escapeHtml(timeOf(m.postedAt))}</time>` +
      `${m.edits > 0 ? `<span class="msg-edited" title="updated ${m.edits} time(s) with chat.update">(updated)</span>` : ''}</div>` +
      // Server-rendered Block Kit, escaped there (see render-blocks-html.ts).
      `<div class="msg-body">${m.html}</div>${threadLink}</div>`;
  }

  function repliesOf(channel, parentTs) {
    return [...state.messages.values()]
      .filter((m) => m.channel === channel && m.threadTs === parentTs && !m.ephemeralFor)
      .sort((a, b) => a.ts.localeCompare(b.ts));
  }

  function visibleIn(container, list, inThread) {
    const wanted = list.filter((m) => !state.dismissed.has(key(m)));
    const existing = new Map([...container.querySelectorAll(':scope > .msg')].map((el) => [el.dataset.key, el]));
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 120;
    let previous = container.querySelector(':scope > .channel-intro');
    for (const m of wanted) {
      let el = existing.get(key(m));
      if (el) {
        existing.delete(key(m));
        const signature = signatureOf(m, inThread);
        if (el.dataset.signature !== signature) {
          const updated = el.dataset.signature !== undefined && Number(el.dataset.edits) !== m.edits;
          fillMessage(el, m, inThread);
          if (updated) flash(el);
        }
        el.dataset.signature = signatureOf(m, inThread);
      } else {
        el = messageElement(m, inThread);
        el.dataset.signature = signatureOf(m, inThread);
        el.classList.add('msg--new');
      }
      const next = previous ? previous.nextSibling : container.firstChild;
      if (next !== el) container.insertBefore(el, next);
      previous = el;
    }
    for (const el of existing.values()) el.remove();
    if (nearBottom) container.scrollTop = container.scrollHeight;
  }

  // A hash of the whole HTML, not its length: a streamed plan changes in place, without edits, often by a word of the same length.
  function signatureOf(m, inThread) {
    return `${m.edits}|${hashOf(m.html)}|${inThread ? '' : repliesOf(m.channel, m.ts).length}`;
  }

  /** FNV-1a over the UTF-16 code units: enough to tell two versions of one message apart. */
  function hashOf(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(36);
  }

  function flash(el) {
    el.classList.remove('msg--updated');
    void el.offsetWidth;
    el.classList.add('msg--updated');
  }

  function renderChannel() {
    const channel = state.channels.find((c) => c.id === state.channelId);
    if (!channel) return;
    $('channel-name').textContent = `# ${channel.name}`;
    $('channel-topic').textContent = channel.topic;
    $('intro-channel').textContent = `#${channel.name}`;
    const example = state.scenarios.find((s) => s.id === 'timeout') ?? state.scenarios[0];
    $('composer-input').placeholder =
      channel.aws === 'real' || !example
        ? `Message #${channel.name} (try /diagnose-502 <your-api-id> <stage> [region])`
        : `Message #${channel.name} (try /diagnose-502 ${example.apiId} ${example.stage})`;
    const top = [...state.messages.values()].filter((m) => m.channel === channel.id && !m.threadTs).sort((a, b) => a.ts.localeCompare(b.ts));
    visibleIn($('messages'), top, false);
    renderChannelList();
  }

  function renderThread() {
    const pane = $('thread-pane');
    if (!state.thread) {
      pane.hidden = true;
      return;
    }
    const parent = state.messages.get(`${state.channelId}:${state.thread}`);
    if (!parent) {
      pane.hidden = true;
      return;
    }
    pane.hidden = false;
    const channel = state.channels.find((c) => c.id === state.channelId);
    $('thread-channel').textContent = channel ? `# ${channel.name}` : '';
    const replies = [...state.messages.values()].filter((m) => m.channel === state.channelId && m.threadTs === state.thread).sort((a, b) => a.ts.localeCompare(b.ts));
    const container = $('thread-messages');
    // The "N replies" divider sits between the parent and the replies, as in Slack.
    container.querySelector(':scope > .thread-divider')?.remove();
    visibleIn(container, [parent, ...replies], true);
    if (replies.length > 0 && container.firstElementChild) {
      const divider = document.createElement('div');
      divider.className = 'thread-divider';
      divider.textContent = `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`;
      container.firstElementChild.after(divider);
    }
  }

  function renderChannelList() {
    const list = $('channel-list');
    list.innerHTML = state.channels
      .map(
        (c) =>
          `<button type="button" class="channel-item${c.id === state.channelId && state.view === 'channel' ? ' channel-item--active' : ''}" data-channel="${escapeHtml(c.id)}">` +
          `<span class="hash">#</span>${escapeHtml(c.name)}${c.aws === 'real' ? ' <span class="real-tag">real AWS</span>' : ''}</button>`,
      )
      .join('');
  }

  function renderScenarios() {
    $('scenario-list').innerHTML = state.scenarios
      .map(
        (s) =>
          `<li class="scenario" data-scenario="${escapeHtml(s.id)}">` +
          `<div class="scenario-title" title="${escapeHtml(s.description ?? s.title)}">${escapeHtml(s.title)}</div>` +
          `<div class="scenario-meta"><code>${escapeHtml(s.apiId)}</code> <code>${escapeHtml(s.stage)}</code> · ${escapeHtml(s.apiType === 'http' ? 'HTTP API' : 'REST')} · <span class="scenario-id">${escapeHtml(s.id)}</span></div>` +
          `<div class="scenario-actions"><span class="expect">expects <strong>${escapeHtml(s.expectedCause)}</strong></span>` +
          `<button type="button" class="mini-button" data-diagnose="${escapeHtml(s.id)}">Diagnose</button>` +
          `<button type="button" class="mini-button mini-button--page" data-page="${escapeHtml(s.id)}" ${state.pagerDuty.available ? '' : 'disabled'}>Page</button></div></li>`,
      )
      .join('');
    const select = $('pd-scenario');
    const chosen = select.value;
    select.innerHTML = state.scenarios
      .filter((s) => s.expectedCause !== 'none')
      .map((s) => `<option value="${escapeHtml(s.id)}">${escapeHtml(s.apiName)} ${escapeHtml(s.stage)} (${escapeHtml(s.id)})</option>`)
      .join('');
    // The timeout scenario is the classic page; start there unless the person picked another.
    select.value = chosen || (state.scenarios.some((s) => s.id === 'timeout') ? 'timeout' : select.value);
  }

  function renderPagerDuty() {
    const pd = state.pagerDuty;
    $('pd-button').disabled = !pd.available;
    $('pd-scenario').disabled = !pd.available;
    $('pd-button').title = pd.available ? 'Sends a signed PagerDuty v3 incident.triggered webhook to the bot' : pd.note ?? '';
    const note = $('pd-note');
    note.hidden = pd.available || !pd.note;
    note.textContent = pd.available ? '' : pd.note ?? 'PagerDuty is not available';
    note.title = note.textContent;
    for (const b of document.querySelectorAll('[data-page]')) b.disabled = !pd.available;
  }

  function renderAlarms() {
    const alarms = state.alarms ?? { available: false };
    // The API picker serves both simulations.
    $('pd-scenario').disabled = !alarms.available && !state.pagerDuty.available;
    for (const id of ['cw-button', 'cw-ok-button']) {
      $(id).disabled = !alarms.available;
      if (!alarms.available) $(id).title = alarms.note ?? 'CloudWatch alarms are not available';
    }
    if (alarms.available) {
      $('cw-button').title = 'Sends a signed "CloudWatch Alarm State Change" (ALARM) for the API\'s 5xx alarm to the bot';
      $('cw-ok-button').title = 'The same alarm back to OK: the thread\'s parent message shows it recovered';
    }
  }

  function renderRealAws(realAws) {
    const toggle = $('real-aws-toggle');
    toggle.disabled = !realAws.available;
    toggle.checked = state.channels.find((c) => c.id === state.channelId)?.aws === 'real';
    $('real-aws-note').textContent = realAws.note;
    $('real-aws').classList.toggle('real-aws--off', !realAws.available);
  }

  function renderRunbooks(statuses) {
    const bad = statuses.filter((s) => !s.ok);
    const banner = $('runbook-banner');
    banner.hidden = bad.length === 0;
    banner.innerHTML = bad
      .map((s) => `<strong>Runbook ${escapeHtml(s.file)} is not valid</strong>; the bot keeps using the last good version. <span class="banner-detail">${escapeHtml(s.error ?? '')}</span>`)
      .join('<br>');
  }

  function renderBots(bots) {
    const banner = $('bot-banner');
    const sim = bots.simulated;
    if (sim.status === 'ready') {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    banner.className = `banner ${sim.status === 'failed' ? 'banner--error' : 'banner--info'}`;
    banner.textContent =
      sim.status === 'starting' ? 'Starting the bot…' : sim.status === 'failed' ? `The bot is not running: ${sim.message}` : 'The bot is stopped.';
  }

  function renderStats(stats) {
    $('stat-signed').textContent = stats.signedRequests;
    $('stat-webapi').textContent = stats.webApiCalls;
    $('stat-aws').textContent = stats.awsCalls;
  }

  const KIND = { slash_command: 'command', block_actions: 'button', pagerduty: 'PagerDuty', alarm: 'alarm', runbook: 'runbook', bot: 'bot' };
  function addActivity(entry) {
    const li = document.createElement('li');
    li.className = `activity-item${entry.error ? ' activity-item--error' : ''}`;
    const result = entry.status !== undefined ? `${entry.status || '—'}${entry.ms !== undefined ? ` · ${entry.ms} ms` : ''}` : '';
    li.innerHTML =
      `<span class="activity-kind">${escapeHtml(KIND[entry.kind] ?? entry.kind)}</span> ${escapeHtml(entry.summary)}` +
      `${result ? ` <span class="activity-result">${escapeHtml(result)}</span>` : ''}${entry.error ? ` <span class="activity-error">${escapeHtml(entry.error)}</span>` : ''}`;
    li.title = new Date(entry.at).toLocaleTimeString();
    const list = $('activity');
    list.prepend(li);
    while (list.children.length > 12) list.lastChild.remove();
  }

  function renderAll() {
    renderChannel();
    renderThread();
    renderHome();
  }

  function renderHome() {
    const showHome = state.view === 'home';
    $('home-pane').hidden = !showHome;
    $('messages').hidden = showHome;
    $('composer').hidden = showHome;
    $('home-link').classList.toggle('channel-item--active', showHome);
    if (showHome) {
      $('channel-name').textContent = 'diagnose-502';
      $('channel-topic').textContent = 'App Home: published by the bot with views.publish when you open it';
    }
    if (!state.home) return;
    const content = $('home-content');
    if (content.dataset.publishes !== String(state.home.publishes)) {
      content.innerHTML = state.home.html;
      content.dataset.publishes = String(state.home.publishes);
    }
    $('home-meta').textContent = `published ${timeOf(state.home.publishedAt)}`;
  }

  async function openHome() {
    state.view = 'home';
    state.thread = null;
    renderAll();
    try {
      const answer = await post('/api/home', {});
      if (!answer.ok) toast(`The Home tab could not be opened: ${answer.error ?? answer.status}`);
    } catch (error) {
      toast(`Could not reach the sandbox: ${error.message}`);
    }
  }

  // --- live updates ---------------------------------------------------------------------------
  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('snapshot', (e) => {
      const snap = JSON.parse(e.data);
      state.workspace = snap.workspace;
      state.channels = snap.channels;
      state.scenarios = snap.scenarios;
      state.pagerDuty = snap.pagerDuty;
      state.alarms = snap.alarms;
      state.channelId ??= snap.channels[0]?.id ?? null;
      state.messages = new Map(snap.messages.map((m) => [key(m), m]));
      state.home = snap.home;
      $('ws-user-name').textContent = snap.workspace.user.name;
      $('activity').innerHTML = '';
      for (const entry of snap.activity) addActivity(entry);
      renderScenarios();
      renderPagerDuty();
      renderAlarms();
      renderRealAws(snap.realAws);
      renderRunbooks(snap.runbooks);
      renderBots(snap.bots);
      renderStats(snap.stats);
      renderAll();
      document.body.dataset.ready = 'true';
    });
    source.addEventListener('message', (e) => {
      const m = JSON.parse(e.data);
      state.messages.set(key(m), m);
      renderAll();
    });
    source.addEventListener('home', (e) => {
      state.home = JSON.parse(e.data);
      renderHome();
    });
    source.addEventListener('runbooks', (e) => renderRunbooks(JSON.parse(e.data)));
    source.addEventListener('bots', (e) => {
      const data = JSON.parse(e.data);
      state.pagerDuty = data.pagerDuty;
      state.alarms = data.alarms;
      renderPagerDuty();
      renderAlarms();
      renderBots(data.bots);
    });
    source.addEventListener('activity', (e) => addActivity(JSON.parse(e.data)));
    source.addEventListener('stats', (e) => renderStats(JSON.parse(e.data)));
    source.onerror = () => (document.body.dataset.ready = 'false');
  }

  // --- actions --------------------------------------------------------------------------------
  async function send(text) {
    const input = $('composer-input');
    const button = $('composer-send');
    button.disabled = true;
    try {
      const answer = await post('/api/command', { channel: state.channelId, text });
      if (answer.error && !answer.status) toast(answer.error);
      else input.value = '';
    } catch (error) {
      toast(`Could not reach the sandbox: ${error.message}`);
    } finally {
      button.disabled = false;
      updateSuggest();
    }
  }

  async function reply(text) {
    const input = $('thread-input');
    const button = $('thread-send');
    button.disabled = true;
    try {
      const answer = await post('/api/reply', { channel: state.channelId, threadTs: state.thread, text });
      if (answer.error && !answer.status) toast(answer.error);
      else input.value = '';
    } catch (error) {
      toast(`Could not reach the sandbox: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  }

  async function press(control, selectedValue) {
    const msg = control.closest('.msg');
    const block = control.dataset.blockId;
    control.classList.add('is-pending');
    if (control.tagName === 'BUTTON') control.disabled = true;
    try {
      const answer = await post('/api/action', {
        channel: state.channelId,
        ts: msg.dataset.ts,
        blockId: block,
        actionId: control.dataset.actionId,
        ...(selectedValue !== undefined ? { selectedValue } : {}),
        ...(control.dataset.feedback ? { feedback: control.dataset.feedback } : {}),
      });
      if (!answer.ok && answer.error) toast(answer.error);
    } catch (error) {
      toast(`Could not reach the sandbox: ${error.message}`);
    } finally {
      control.classList.remove('is-pending');
      if (control.isConnected && control.tagName === 'BUTTON') control.disabled = false;
    }
  }

  async function page(scenarioId) {
    const button = $('pd-button');
    button.disabled = true;
    try {
      const answer = await post('/api/pagerduty', { scenarioId });
      if (!answer.ok) toast(`PagerDuty delivery failed: ${answer.error ?? answer.status}`);
      else toast(`PagerDuty incident delivered to the bot (HTTP ${answer.status} in ${answer.ms} ms)`, 'info');
    } finally {
      button.disabled = !state.pagerDuty.available;
    }
  }

  async function alarm(scenarioId, alarmState) {
    const button = $(alarmState === 'OK' ? 'cw-ok-button' : 'cw-button');
    button.disabled = true;
    try {
      const answer = await post('/api/alarm', { scenarioId, state: alarmState });
      if (!answer.ok) toast(`Alarm delivery failed: ${answer.error ?? answer.status}`);
      else toast(`${answer.alarmName} ${alarmState === 'OK' ? 'back to OK' : 'in ALARM'}: delivered to the bot (HTTP ${answer.status} in ${answer.ms} ms)`, 'info');
    } finally {
      button.disabled = !state.alarms?.available;
    }
  }

  function switchChannel(id) {
    const fromHome = state.view === 'home';
    state.view = 'channel';
    if (fromHome) renderHome();
    if (id === state.channelId && !fromHome) return;
    state.channelId = id;
    state.thread = null;
    $('messages').querySelectorAll(':scope > .msg').forEach((el) => el.remove());
    $('thread-messages').innerHTML = '';
    $('real-aws-toggle').checked = state.channels.find((c) => c.id === id)?.aws === 'real';
    renderAll();
  }

  function openThread(ts) {
    if (state.thread !== ts) $('thread-messages').innerHTML = '';
    state.thread = ts;
    renderThread();
    const container = $('thread-messages');
    container.scrollTop = container.scrollHeight;
  }

  function updateSuggest() {
    const text = $('composer-input').value;
    const box = $('suggest');
    if (!text.startsWith('/') || text.includes(' ') && text.split(/\s+/).length > 3) {
      box.hidden = true;
      return;
    }
    const typed = text.trim().split(/\s+/);
    const examples = state.scenarios
      .filter((s) => typed.length < 2 || s.apiId.startsWith(typed[1] ?? ''))
      .slice(0, 6)
      .map(
        (s) =>
          `<button type="button" class="suggest-item" data-fill="/diagnose-502 ${escapeHtml(s.apiId)} ${escapeHtml(s.stage)}">` +
          `<code>/diagnose-502 ${escapeHtml(s.apiId)} ${escapeHtml(s.stage)}</code><span>${escapeHtml(s.title)}</span></button>`,
      )
      .join('');
    box.innerHTML =
      `<div class="suggest-head"><strong>/diagnose-502</strong> <code>&lt;api-id&gt; &lt;stage&gt; [region]</code> <span>Diagnose API Gateway 5xx errors</span></div>` + examples;
    box.hidden = false;
  }

  document.addEventListener('click', (e) => {
    const target = e.target;
    if (!(target instanceof Element)) return;
    const button = target.closest('button.bk-button, button.bk-feedback');
    if (button) return void press(button);
    if (target.closest('#home-link')) return void openHome();
    const thread = target.closest('.thread-link');
    if (thread) return openThread(thread.dataset.thread);
    const dismiss = target.closest('.eph-dismiss');
    if (dismiss) {
      const msg = dismiss.closest('.msg');
      state.dismissed.add(msg.dataset.key);
      msg.remove();
      return;
    }
    const channel = target.closest('[data-channel]');
    if (channel) return switchChannel(channel.dataset.channel);
    const diagnose = target.closest('[data-diagnose]');
    if (diagnose) {
      const s = state.scenarios.find((x) => x.id === diagnose.dataset.diagnose);
      if (!s) return;
      switchChannel(state.channels.find((c) => c.aws === 'simulated').id);
      return void send(`/diagnose-502 ${s.apiId} ${s.stage}`);
    }
    const pageButton = target.closest('[data-page]');
    if (pageButton) return void page(pageButton.dataset.page);
    const fill = target.closest('[data-fill]');
    if (fill) {
      $('composer-input').value = fill.dataset.fill;
      $('composer-input').focus();
      $('suggest').hidden = true;
    }
  });

  // A text box in an input block is sent with Enter, as Slack does with dispatch_action.
  document.addEventListener('keydown', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('bk-text-input') || e.key !== 'Enter') return;
    e.preventDefault();
    if (input.value.trim()) void press(input, input.value);
  });

  document.addEventListener('change', (e) => {
    const select = e.target;
    if (select instanceof HTMLSelectElement && select.classList.contains('bk-select') && select.value) void press(select, select.value);
  });

  $('thread-close').addEventListener('click', () => {
    state.thread = null;
    renderThread();
  });
  $('pd-button').addEventListener('click', () => void page($('pd-scenario').value));
  $('cw-button').addEventListener('click', () => void alarm($('pd-scenario').value, 'ALARM'));
  $('cw-ok-button').addEventListener('click', () => void alarm($('pd-scenario').value, 'OK'));
  $('real-aws-toggle').addEventListener('change', (e) => {
    const wanted = e.target.checked ? 'real' : 'simulated';
    const channel = state.channels.find((c) => c.aws === wanted);
    if (channel) switchChannel(channel.id);
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('composer-input').value.trim();
    if (text) void send(text);
  });
  $('composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
    if (e.key === 'Escape') $('suggest').hidden = true;
  });
  $('composer-input').addEventListener('input', updateSuggest);
  $('thread-composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('thread-input').value.trim();
    if (text && state.thread) void reply(text);
  });
  $('thread-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      $('thread-composer').requestSubmit();
    }
  });

  connect();
})();
