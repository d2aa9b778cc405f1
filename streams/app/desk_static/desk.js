// Gainsay desk: live alerts over server-sent events, newest first, filtered in the page.
// Alert text comes from articles: everything is inserted with textContent, never as HTML.
"use strict";

const Desk = (() => {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  const actorHref = (id) => "/actors/" + encodeURIComponent(id);
  const when = (iso) => (iso ? iso.replace("T", " ").replace(/(\.\d+)?(Z|\+00:00)$/, " UTC") : "");

  function actorLink(actor) {
    return el("a", { href: actorHref(actor.id), class: "actor", "data-actor": actor.id,
                     text: actor.name || actor.id });
  }

  function quote(claim) {
    const speaker = claim.speaker || {};
    const cite = el("cite", {});
    if (speaker.id) cite.append(actorLink(speaker)); else cite.append(speaker.name || "unknown");
    cite.append(" · ", el("span", { class: "badge " + claim.polarity, text: claim.polarity }),
                " · ", el("code", { text: claim.article_id }));
    return el("figure", { class: "quote " + claim.polarity },
              el("blockquote", { text: "“" + claim.text + "”" }), cite);
  }

  function renderAlert(alert) {
    const claims = alert.claims || [];
    const actors = el("span", { class: "actors" });
    (alert.actors || []).forEach((a, i) => { if (i) actors.append(", "); actors.append(actorLink(a)); });
    const articles = el("span", { class: "articles" }, "articles ");
    (alert.article_ids || []).forEach((id, i) => {
      if (i) articles.append(", ");
      articles.append(el("code", { text: id }));
    });
    return el("li", { class: "alert", "data-alert-id": alert.alert_id, "data-type": alert.type },
      el("div", { class: "meta" },
        el("span", { class: "badge " + alert.type, text: alert.type.replace("_", " ") }),
        el("time", { datetime: alert.event_time, title: "detected " + when(alert.detected_at),
                     text: when(alert.event_time) }),
        actors),
      el("p", { class: "headline", text: alert.headline }),
      el("div", { class: "quotes" + (claims.length > 1 ? " two" : "") }, ...claims.map(quote)),
      el("div", { class: "meta" }, articles,
         el("span", { text: (alert.proposition || {}).summary || "" })));
  }

  function involves(alert, actor) {
    const needle = actor.trim().toLowerCase();
    if (!needle) return true;
    return (alert.actors || []).some((a) => a.id.toLowerCase() === needle
      || (a.name || "").toLowerCase().includes(needle));
  }

  return { el, renderAlert, involves, actorHref, when };
})();

function startDesk() {
  const list = document.getElementById("alerts");
  const status = document.getElementById("status");
  const typeBox = document.getElementById("filter-type");
  const actorBox = document.getElementById("filter-actor");
  const alerts = new Map();   // alert_id -> {alert, node}
  const params = new URLSearchParams(location.search);
  typeBox.value = params.get("type") || "";
  actorBox.value = params.get("actor") || "";

  function visible(alert) {
    return (!typeBox.value || alert.type === typeBox.value) && Desk.involves(alert, actorBox.value);
  }

  function refresh() {
    let shown = 0;
    for (const { alert, node } of alerts.values()) {
      node.hidden = !visible(alert);
      if (!node.hidden) shown += 1;
    }
    document.getElementById("empty").hidden = alerts.size > 0;
    document.getElementById("count").textContent = shown + " of " + alerts.size + " alerts";
    const q = new URLSearchParams();
    if (typeBox.value) q.set("type", typeBox.value);
    if (actorBox.value) q.set("actor", actorBox.value);
    history.replaceState(null, "", q.toString() ? "?" + q : location.pathname);
  }

  function order(a) { return (a.detected_at || "") + (a.event_time || ""); }

  function add(alert, fresh) {
    if (alerts.has(alert.alert_id)) return;
    const node = Desk.renderAlert(alert);
    if (fresh) node.classList.add("new");
    // newest first: before the first alert detected earlier than this one
    const later = [...alerts.values()].filter((x) => order(x.alert) > order(alert)).length;
    list.insertBefore(node, list.children[later] || null);
    alerts.set(alert.alert_id, { alert, node });
    const ids = document.getElementById("actor-ids");
    for (const a of alert.actors || []) {
      if (!ids.querySelector('option[value="' + CSS.escape(a.id) + '"]')) {
        ids.append(Desk.el("option", { value: a.id, label: a.name }));
      }
    }
  }

  const source = new EventSource("/desk/events");
  let initial = true;
  source.addEventListener("open", () => { status.textContent = "live"; status.classList.add("live"); });
  source.addEventListener("error", () => {
    status.textContent = "reconnecting…"; status.classList.remove("live");
  });
  source.addEventListener("alert", (event) => {
    add(JSON.parse(event.data), !initial);
    refresh();
  });
  setTimeout(() => { initial = false; }, 1500);
  typeBox.addEventListener("change", refresh);
  actorBox.addEventListener("input", refresh);
  document.getElementById("filters").addEventListener("submit", (e) => e.preventDefault());
  refresh();
}

if (document.getElementById("filters")) startDesk();
