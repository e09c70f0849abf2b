// The trainer's live table (socket /trainer/ws; rows as in netshpy/serve/classroom.py).
"use strict";
(function () {
  const head = document.querySelector("#class thead");
  const body = document.querySelector("#class tbody");
  const status = document.getElementById("status");
  let lab = null, rows = {}, skew = 0;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function minutes(s) { return Math.round(s / 60) + " min"; }
  function ago(t) {
    if (!t) return "-";
    const s = Math.max(0, Date.now() / 1000 - skew - t);
    return s < 60 ? Math.round(s) + " s ago" : Math.round(s / 60) + " min ago";
  }

  function header() {
    const tr = el("tr");
    ["Trainee", "Online", "Score"].forEach((h) => tr.appendChild(el("th", h)));
    lab.items.forEach((i) => {
      const th = el("th", i.number + ". " + i.description, "item");
      th.title = i.exercise;
      tr.appendChild(th);
    });
    ["Hints", "Sends", "Time on task", "Last activity", ""].forEach((h) => tr.appendChild(el("th", h)));
    head.replaceChildren(tr);
  }

  function draw() {
    const keys = Object.keys(rows).sort();
    body.replaceChildren(...keys.map((k) => {
      const r = rows[k];
      const tr = el("tr");
      tr.id = "trainee-" + k;
      tr.appendChild(el("td", r.name, "name"));
      tr.appendChild(el("td", r.online ? "online" : (r.running ? "away" : "-"), r.online ? "on" : "off"));
      tr.appendChild(el("td", r.total ? r.score + "/" + r.total : "-"));
      lab.items.forEach((i) => {
        const passed = r.items[String(i.number)];
        tr.appendChild(el("td", passed ? "passed" : "-", passed ? "pass" : "todo"));
      });
      tr.appendChild(el("td", String(r.hints)));
      tr.appendChild(el("td", String(r.sends)));
      tr.appendChild(el("td", minutes(r.active)));
      tr.appendChild(el("td", ago(r.last)));
      const act = el("td");
      const watch = el("a", "watch");
      watch.href = "/trainer/watch/" + encodeURIComponent(k);
      watch.target = "_blank";
      const reset = el("button", "reset lab");
      reset.onclick = () => {
        if (!confirm("Put " + r.name + "'s lab back at its start? Their work is lost.")) return;
        fetch("/trainer/reset/" + encodeURIComponent(k), { method: "POST", credentials: "same-origin" });
      };
      act.append(watch, " ", reset);
      tr.appendChild(act);
      return tr;
    }));
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(proto + "//" + location.host + "/trainer/ws");
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === "class") {
        lab = msg.lab; skew = Date.now() / 1000 - msg.now; rows = {};
        msg.trainees.forEach((r) => { rows[r.key] = r; });
        document.getElementById("lab").textContent = lab.name;
        header();
      } else if (msg.type === "trainee") rows[msg.row.key] = msg.row;
      if (lab) draw();
      status.textContent = "live";
    };
    ws.onclose = () => { status.textContent = "disconnected: reconnecting..."; setTimeout(connect, 2000); };
  }
  setInterval(() => { if (lab) draw(); }, 5000);
  connect();
})();
