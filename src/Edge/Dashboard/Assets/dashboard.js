// The operator dashboard: reads and acts only through the admin API (/admin/...), with the bearer token the operator
// pasted (kept in this tab's session storage; never in a cookie or a URL). Polls every second; data is written into
// the page as text only (never as HTML).
"use strict";

(() => {
  const TOKEN_KEY = "mcpgw.dashboard.token";
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem(TOKEN_KEY);
  let polling = false;
  let timer = null;
  let stopped = false;

  // ---- the admin API ------------------------------------------------------------------------------------------------

  class Refused extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options = {}) {
    const headers = { Accept: "application/json", ...(options.headers || {}) };
    if (token) headers.Authorization = "Bearer " + token;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method: options.method || "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "omit",
      cache: "no-store",
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (response.status === 401 || response.status === 403) {
      throw new Refused(response.status, errorText(json) || response.statusText);
    }
    if (!response.ok) throw new Error(errorText(json) || `${response.status} ${response.statusText}`);
    return json;
  }

  function errorText(json) {
    if (!json) return "";
    const e = json.error;
    if (typeof e === "string") return json.error_description || e;
    if (e && typeof e === "object") return e.message || e.kind || "";
    return json.message || "";
  }

  // ---- DOM helpers (text only) --------------------------------------------------------------------------------------

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function td(text, className) { return el("td", text ?? "", className); }

  function pill(text, tone) { return el("span", text, "pill " + (tone || "")); }

  function cell(child, className) { const c = el("td", null, className); if (child) c.append(child); return c; }

  function bar(fraction, hot) {
    const b = el("span", null, "bar" + (hot ? " hot" : ""));
    const fill = el("span");
    fill.style.width = Math.round(Math.max(0, Math.min(1, fraction)) * 100) + "%";
    b.append(fill);
    return b;
  }

  function fill(tableId, rows, emptyText, columns) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      const tr = el("tr", null, "empty");
      const c = td(emptyText);
      c.colSpan = columns;
      tr.append(c);
      body.append(tr);
    }
  }

  function tone(state) {
    switch (state) {
      case "alive": case "healthy": case "closed": case "success": case "allow": case "approved": case "running": return "good";
      case "joining": case "leaving": case "unknown": case "half_open": case "tool_error": case "approval_required": case "queued": return "warn";
      case "dead": case "unavailable": case "open": case "error": case "deny": case "failed": return "bad";
      default: return "";
    }
  }

  function ms(value) { return value === null || value === undefined ? "–" : value < 10 ? value.toFixed(2) + " ms" : Math.round(value) + " ms"; }

  function ago(iso) {
    if (!iso) return "–";
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 90) return seconds + " s ago";
    if (seconds < 5400) return Math.round(seconds / 60) + " min ago";
    return Math.round(seconds / 3600) + " h ago";
  }

  function time(iso) { return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) : "–"; }

  // ---- panels -------------------------------------------------------------------------------------------------------

  function renderNodes(cluster) {
    fill("nodes", cluster.nodes.map((n) => {
      const tr = el("tr");
      tr.dataset.id = n.id;
      tr.append(td(n.id + (n.self ? " (this node)" : "")), td(n.address), cell(pill(n.status, tone(n.status)), "status"),
        td(n.version), td(n.configVersion), td(n.inFlight, "num"), td(n.openStreams, "num"), td(ago(n.heartbeatAt)));
      return tr;
    }), "no nodes", 8);
  }

  function renderBackends(data) {
    fill("backends", data.backends.map((b) => {
      const tr = el("tr");
      tr.dataset.name = b.name;
      const target = b.url || (b.command ? b.command.join(" ") : "");
      const state = cell(pill(b.state, tone(b.state)), "state");
      if (b.lastError) state.title = b.lastError;
      const breaker = b.breakerState ? pill(b.breakerState, tone(b.breakerState)) : el("span", "–", "muted");
      const rate = b.calls.errorRate;
      const rateCell = cell(null, "num");
      if (rate === null || rate === undefined) rateCell.textContent = "–";
      else { rateCell.append(bar(rate, rate >= 0.05), document.createTextNode((rate * 100).toFixed(1) + " %")); }
      tr.append(td(b.name), td(b.transport), td(target, "wrap"), state, cell(breaker, "breaker"),
        td(b.discoveredAt ? ago(b.discoveredAt) : "never"), td(b.calls.total, "num"), rateCell, td(ms(b.calls.p50Ms), "num"), td(ms(b.calls.p99Ms), "num"));
      return tr;
    }), "no backends configured", 10);
  }

  function renderLimits(limits) {
    // Every tool the catalogue serves; a tool's bucket, slots and breaker exist from its first call.
    const guards = new Map(limits.tools.map((t) => [t.tool, t]));
    const names = [...new Set([...limits.served.map((t) => t.tool), ...guards.keys()])].sort();
    fill("tools", names.map((name) => {
      const t = guards.get(name);
      const tr = el("tr");
      tr.dataset.tool = name;
      if (!t) {
        tr.append(td(name), td("not called yet", "muted"), td("–", "num"), td("–", "num"), td("–", "muted"));
        return tr;
      }
      const level = t.rate.burst > 0 ? t.rate.tokens / t.rate.burst : 0;
      const bucket = cell(bar(level, level < 0.1));
      bucket.append(document.createTextNode(`${Math.floor(t.rate.tokens)}/${t.rate.burst}`));
      const c = t.concurrency;
      const breaker = t.breaker ? pill(t.breaker.state, tone(t.breaker.state)) : el("span", "–", "muted");
      tr.append(td(name), bucket, td(c ? `${c.inFlight}/${c.slots}` : "–", "num"), td(c ? `${c.queued}/${c.queueLength}` : "–", "num"), cell(breaker, "breaker"));
      return tr;
    }), "no tools served", 5);
    fill("refusals", limits.refusals.map((r) => {
      const tr = el("tr");
      tr.append(td(r.tool || "(quota)"), cell(pill(r.reason, "bad")), td(r.count, "num"));
      return tr;
    }), "no refusals", 3);
  }

  function renderQuotas(data) {
    fill("quotas", data.quotas.map((q) => {
      const tr = el("tr");
      const who = q.kind === "user" ? q.user + (q.tenant ? ` (${q.tenant})` : "") : q.kind === "tenant" ? "tenant " + q.tenant : q.key;
      const used = cell(bar(q.used, q.used > 0.9));
      used.append(document.createTextNode(Math.round(q.used * 100) + " %"));
      tr.append(td(who), used, td(Math.round(q.callsLastMinute), "num"), td(q.perMinute, "num"), td(Math.floor(q.tokens) + "/" + q.burst, "num"));
      return tr;
    }), "no quota in use", 5);
  }

  // Rows keyed by id are kept between polls, so a reason being typed is not wiped by the next update.
  function sync(tableId, items, key, create, update, emptyText, columns) {
    const body = $(tableId).tBodies[0];
    const existing = new Map([...body.rows].filter((r) => r.dataset.key).map((r) => [r.dataset.key, r]));
    const rows = items.map((item) => {
      let row = existing.get(key(item));
      if (!row) { row = create(item); row.dataset.key = key(item); }
      update(row, item);
      return row;
    });
    fill(tableId, rows, emptyText, columns);
  }

  function renderApprovals(data) {
    sync("approvals", data.approvals, (a) => a.id, (a) => {
      const tr = el("tr");
      tr.dataset.id = a.id;
      const reason = el("input", null, "reason");
      reason.type = "text";
      reason.placeholder = "reason";
      reason.maxLength = 1000;
      const approve = el("button", "Approve", "approve");
      const reject = el("button", "Reject", "reject");
      approve.type = reject.type = "button";
      approve.addEventListener("click", () => decide(a.id, "approve", reason.value, tr));
      reject.addEventListener("click", () => decide(a.id, "reject", reason.value, tr));
      const actions = el("td");
      actions.append(approve, document.createTextNode(" "), reject);
      tr.append(td(a.tool), td(a.user_id ?? a.userId), cell(pill(a.risk, a.risk === "high" ? "bad" : "warn")), td(short(a.arguments_digest ?? a.argumentsDigest), "digest"), td("", "age"), cell(reason), actions);
      return tr;
    }, (tr, a) => { tr.querySelector(".age").textContent = ago(a.created_at ?? a.createdAt); }, "no pending approvals", 7);
  }

  function short(digest) { return digest ? digest.slice(0, 16) + "…" : "–"; }

  async function decide(id, action, reason, row) {
    row.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      await api(`/admin/approvals/${encodeURIComponent(id)}/${action}`, { method: "POST", body: reason ? { reason } : {} });
      say(`Approval ${id} ${action === "approve" ? "approved" : "rejected"}.`);
      row.remove();
    } catch (e) {
      say(`Could not ${action} ${id}: ${e.message}`, true);
      row.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    }
    poll();
  }

  function renderJobs(data) {
    const c = data.counts;
    $("job-counts").textContent = `queued ${c.queued} · running ${c.running} · failed ${c.failed}` + (data.complete ? "" : ` (of the ${data.scanned} newest)`);
    const items = [...data.running, ...data.queued, ...data.failed];
    sync("jobs", items, (j) => j.job_id + ":" + j.status, (j) => {
      const tr = el("tr");
      tr.dataset.id = j.job_id;
      const reason = j.error ? `${j.error.kind}: ${j.error.message}` : j.status_message || "";
      const actions = el("td");
      if (j.status === "queued" || j.status === "running") {
        const cancel = el("button", "Cancel", "cancel");
        cancel.type = "button";
        cancel.addEventListener("click", () => cancelJob(j.job_id, cancel));
        actions.append(cancel);
      }
      tr.append(td(j.job_id), cell(pill(j.status, tone(j.status))), td(j.tool), td(j.user_id), td(time(j.created_at)), td(reason, "wrap"), actions);
      return tr;
    }, () => {}, "no queued, running or failed jobs", 7);
  }

  async function cancelJob(id, button) {
    button.disabled = true;
    try {
      await api(`/admin/jobs/${encodeURIComponent(id)}/cancel`, { method: "POST" });
      say(`Job ${id} cancelled.`);
    } catch (e) {
      say(`Could not cancel ${id}: ${e.message}`, true);
      button.disabled = false;
    }
    poll();
  }

  function renderAudit(data) {
    fill("audit", data.records.map((r) => {
      const tr = el("tr");
      tr.dataset.name = r.name;
      tr.append(td(time(r.time)), td(r.user_id), td(r.endpoint), td(r.method), td(r.name, "wrap name"), td(r.backend || ""),
        cell(r.decision ? pill(r.decision, tone(r.decision)) : null), cell(pill(r.outcome, tone(r.outcome)), "outcome"),
        td([r.error_kind, r.reason].filter(Boolean).join(" / ")), td(ms(r.latency_ms), "num"));
      return tr;
    }), "no audit records match", 10);
  }

  function renderConfig(config) {
    $("config").textContent = `node ${config.node} · config ${config.configVersion} · policy ${config.policyVersion}`;
    const rejected = $("rejected");
    rejected.hidden = config.rejected.length === 0;
    rejected.textContent = config.rejected.length === 0 ? "" : "Rejected reload — still running the previous version of: " +
      config.rejected.map((r) => `${r.file} (${r.errors} error${r.errors === 1 ? "" : "s"}; see the node's log)`).join(", ");
  }

  function auditQuery() {
    const query = new URLSearchParams({ limit: "50" });
    for (const [param, id] of [["user", "filter-user"], ["tool", "filter-tool"], ["decision", "filter-decision"], ["outcome", "filter-outcome"]]) {
      const value = $(id).value.trim();
      if (value) query.set(param, value);
    }
    return "/admin/audit?" + query.toString();
  }

  // ---- the loop -----------------------------------------------------------------------------------------------------

  async function poll() {
    if (polling || stopped) return;
    polling = true;
    clearTimeout(timer);
    try {
      const [cluster, backends, limits, quotas, jobs, approvals, audit, config] = await Promise.all([
        api("/admin/cluster"), api("/admin/backends"), api("/admin/limits"), api("/admin/quotas?limit=10"),
        api("/admin/jobs"), api("/admin/approvals?status=pending"), api(auditQuery()), api("/admin/config"),
      ]);
      show("panels");
      renderConfig(config);
      renderNodes(cluster);
      renderBackends(backends);
      renderLimits(limits);
      renderQuotas(quotas);
      renderJobs(jobs);
      renderApprovals(approvals);
      renderAudit(audit);
      setStatus("live", "good");
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
    } catch (e) {
      if (e instanceof Refused) {
        refuse(e);
      } else {
        setStatus("error: " + e.message, "bad");
      }
    } finally {
      polling = false;
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    }
  }

  function refuse(e) {
    clearData();
    if (e.status === 401 && !token) {
      show("sign-in");
      setStatus("signed out", "warn");
      stopped = true;
      return;
    }
    show("refusal");
    $("refusal-text").textContent = (e.status === 401 ? "The token was not accepted (401): " : "This identity lacks the admin role (403): ") + e.message;
    setStatus(e.status === 401 ? "unauthenticated" : "forbidden", "bad");
    stopped = true;
  }

  // Nothing from a previous identity stays on the page.
  function clearData() {
    for (const table of document.querySelectorAll("#panels table")) table.tBodies[0].replaceChildren();
    $("job-counts").textContent = "";
    $("config").textContent = "";
    $("rejected").hidden = true;
    $("updated").textContent = "";
  }

  function show(id) {
    for (const section of ["sign-in", "refusal", "panels"]) $(section).hidden = section !== id;
    $("sign-out").hidden = !token;
  }

  function setStatus(text, toneName) { const s = $("status"); s.textContent = text; s.className = "pill " + (toneName || ""); }

  function say(text, bad) {
    const m = $("message");
    m.textContent = text;
    m.className = "banner" + (bad ? " bad" : "");
    m.hidden = false;
  }

  function signIn(newToken) {
    token = newToken.trim() || null;
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
    $("token").value = "";
    stopped = false;
    setStatus("connecting…");
    poll();
  }

  $("token-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("token").value); });
  $("issuer-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const response = await fetch("/token", {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json", "X-Issuer-Token": $("issuer-token").value },
        body: JSON.stringify({ user_id: $("issuer-user").value.trim() || "operator", roles: ["admin"] }),
      });
      const json = await response.json().catch(() => null);
      if (!response.ok || !json || !json.access_token) {
        say(response.status === 404 ? "The development issuer is not enabled on this node." : "The issuer refused: " + (errorText(json) || response.status), true);
        return;
      }
      $("issuer-token").value = "";
      signIn(json.access_token);
    } catch (err) {
      say("The issuer could not be reached: " + err.message, true);
    }
  });
  $("sign-out").addEventListener("click", () => {
    stopped = true;
    clearTimeout(timer);
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    clearData();
    show("sign-in");
    setStatus("signed out", "warn");
  });
  $("refusal-sign-in").addEventListener("click", () => { token = null; sessionStorage.removeItem(TOKEN_KEY); show("sign-in"); });
  $("audit-filters").addEventListener("input", () => poll());
  $("audit-filters").addEventListener("submit", (e) => e.preventDefault());

  poll();
})();
