// Gainsay actor page: the actor table entry (counts, latest claims) and the desk's alerts
// that name this actor. Reads /actors/{id} as JSON and /desk/alerts?actor={id}.
"use strict";

(async () => {
  const id = decodeURIComponent(location.pathname.replace(/^\/actors\//, ""));
  const status = document.getElementById("status");
  document.getElementById("actor-id").textContent = id;
  const json = (url) => fetch(url, { headers: { Accept: "application/json" } })
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })));

  const [actor, feed] = await Promise.all([
    json(Desk.actorHref(id) + "?format=json"),
    json("/desk/alerts?limit=200&actor=" + encodeURIComponent(id)),
  ]);
  const alerts = feed.ok ? feed.body.alerts : [];
  const named = alerts.flatMap((a) => a.actors || []).find((a) => a.id === id);
  if (named) document.getElementById("actor-name").textContent = named.name;
  document.title = (named ? named.name : id) + " · Gainsay desk";

  const tbody = document.querySelector("#counts tbody");
  const counts = actor.ok ? actor.body.counts : {};
  for (const [window, c] of Object.entries(counts)) {
    tbody.append(Desk.el("tr", {}, Desk.el("td", { text: window }),
      Desk.el("td", { text: String(c.claims) }), Desk.el("td", { text: String(c.denials) }),
      Desk.el("td", { text: String(c.contradictions) })));
  }

  const claims = document.getElementById("claims");
  for (const c of actor.ok ? actor.body.latest_claims : []) {
    claims.append(Desk.el("li", { class: "claim " + c.polarity },
      Desk.el("div", { class: "meta" },
        Desk.el("span", { class: "badge " + c.polarity, text: c.polarity }),
        Desk.el("time", { text: Desk.when(c.published_at) }),
        Desk.el("code", { text: c.article_id })),
      Desk.el("blockquote", { text: "“" + c.text + "”" }),
      Desk.el("div", { class: "meta" }, Desk.el("code", { text: c.proposition }))));
  }
  if (!claims.children.length) claims.append(Desk.el("li", { class: "muted", text: "no claims on record" }));

  const list = document.getElementById("alerts");
  for (const a of alerts) list.append(Desk.renderAlert(a));
  if (!alerts.length) list.append(Desk.el("li", { class: "muted", text: "no recent alerts" }));
  status.textContent = actor.ok ? "" : "not in the actor table yet";
})();
