// A trainee's terminal, read-only (socket /trainer/ws/watch/NAME).
"use strict";
(function () {
  const name = decodeURIComponent(location.pathname.split("/").pop());
  document.getElementById("who").textContent = name;
  const term = new Terminal({ disableStdin: true, fontSize: 15, scrollback: 5000,
                              theme: { background: "#0c0c0c" } });
  term.open(document.getElementById("terminal"));
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(proto + "//" + location.host + "/trainer/ws/watch/" + encodeURIComponent(name));
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.type === "stdout") term.write(msg.data);
    else if (msg.type === "size") term.resize(msg.cols, msg.rows);
    else if (msg.type === "name") document.getElementById("who").textContent = msg.name;
    else if (msg.type === "notice") document.getElementById("status").textContent = msg.text;
  };
  ws.onclose = () => { document.getElementById("status").textContent = "disconnected"; };
})();
