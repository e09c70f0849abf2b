// The trainee's terminal: xterm.js on the /ws socket (protocol in netshpy/serve/web.py).
"use strict";
(function () {
  const form = document.getElementById("join");
  const box = document.getElementById("terminal");
  const status = document.getElementById("status");
  const error = document.getElementById("error");
  let term = null, fit = null, ws = null, joined = false, retry = 0;

  function say(text) { status.textContent = text; }

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
    term.onData((data) => send({ type: "stdin", data: data }));
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
        joined = true; retry = 0;
        sessionStorage.setItem("netshpy-join", JSON.stringify({ name: name, code: code }));
        document.getElementById("who").textContent = msg.name;
        say("connected");
      } else if (msg.type === "notice") say(msg.text);
      else if (msg.type === "ended") { say(msg.text); term.write("\r\n\x1b[33m" + msg.text + "\x1b[0m\r\n"); }
      else if (msg.type === "error") {
        joined = false;
        sessionStorage.removeItem("netshpy-join");
        box.hidden = true; form.hidden = false; error.textContent = msg.text;
        if (term) { term.dispose(); term = null; }
      }
    };
    ws.onclose = () => {
      if (!joined) return;
      joined = false;
      say("disconnected: reconnecting...");
      retry = Math.min(retry + 1, 10);
      setTimeout(() => { if (sessionStorage.getItem("netshpy-join")) connect(name, code); }, 500 * retry);
    };
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    error.textContent = "";
    connect(document.getElementById("name").value.trim(), document.getElementById("code").value.trim());
  });

  const saved = sessionStorage.getItem("netshpy-join");
  if (saved) { const s = JSON.parse(saved); connect(s.name, s.code); }
})();
