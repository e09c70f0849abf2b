// The trainee's terminal: xterm.js on the /ws socket (protocol in netshpy/serve/web.py).
"use strict";
(function () {
  const form = document.getElementById("join");
  const box = document.getElementById("terminal");
  const status = document.getElementById("status");
  const error = document.getElementById("error");
  const KEY = "netshpy-join";
  let term = null, fit = null, ws = null, retry = 0, idle = false;

  function say(text) { status.textContent = text; }
  function saved() { const s = sessionStorage.getItem(KEY); return s ? JSON.parse(s) : null; }

  function ensureTerminal() {
    if (term) return;
    form.hidden = true;
    box.hidden = false;
    term = new Terminal({ cursorBlink: true, fontSize: 15, scrollback: 5000,
                          theme: { background: "#0c0c0c" } });
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(box);
    fit.fit();
    term.onData((data) => {
      if (idle) {  // signed out for idleness: a key signs in again
        const s = saved();
        idle = false;
        if (s) connect(s.name, s.code);
        return;
      }
      send({ type: "stdin", data: data });
    });
    term.onResize((s) => send({ type: "resize", rows: s.rows, cols: s.cols }));
    window.addEventListener("resize", () => fit.fit());
    term.focus();
  }

  function send(msg) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg)); }

  function connect(name, code) {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(proto + "//" + location.host + "/ws");
    ws.onopen = () => {
      ensureTerminal();
      send({ type: "join", name: name, code: code, rows: term.rows, cols: term.cols });
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === "stdout") term.write(msg.data);
      else if (msg.type === "joined") {
        retry = 0;
        sessionStorage.setItem(KEY, JSON.stringify({ name: name, code: code }));
        document.getElementById("who").textContent = msg.name;
        say("connected");
      } else if (msg.type === "notice") say(msg.text);
      else if (msg.type === "ended") {
        if (msg.kind === "idle") idle = true;
        say(msg.text);
        term.write("\r\n\x1b[33m" + msg.text + "\x1b[0m\r\n");
      } else if (msg.type === "error") {
        sessionStorage.removeItem(KEY);
        box.hidden = true; form.hidden = false; error.textContent = msg.text;
        if (term) { term.dispose(); term = null; }
      }
    };
    ws.onclose = () => {
      const s = saved();
      if (!s) return;  // refused, or never signed in
      if (idle) { say("signed out after a pause: press a key to go on"); return; }
      say("disconnected: reconnecting...");
      retry = Math.min(retry + 1, 10);
      setTimeout(() => { if (!idle) connect(s.name, s.code); }, 500 * retry);
    };
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    error.textContent = "";
    connect(document.getElementById("name").value.trim(), document.getElementById("code").value.trim());
  });

  const s = saved();
  if (s) connect(s.name, s.code);
})();
