#!/usr/bin/env python3
"""scripts/bench server: wrk on loopback against the real quorum server.

Starts `quorum serve` on a free loopback port with a fresh database in a
temporary folder, imports the French example minutes, then runs wrk in the same
run against:

  GET /api/v1/health                      the bare route
  GET /api/v1/meetings/{id}/summary       a cached HTML summary (facilitator key)
  PUT /api/v1/meetings/{id}/notes/{item}  note saves: a new revision each time,
                                          extraction, answered after an fsync'd COMMIT;
                                          1, 4 and 8 note-takers at once, each on an
                                          item of their own (saves arriving together
                                          share a COMMIT)

and prints each throughput, its ratio to the bare route, and the server's
resident memory when idle before and after. Then slowloris: N connections
trickle request heads while normal requests are timed. Targets (issue #4):
cached summary >= 0.7x the bare route; note saves >= 2,000/s; idle RSS <= 30 MiB;
a normal request completes in <= 2 s while slow clients hold every worker.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SAVE_SCRIPT = r"""
-- One wrk thread per connection, each note-taker on an agenda item of their own
-- (two savers on one item would only conflict): ITEMS lists the item paths.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("path", ITEMS[threads])
end
local revision = 0
local count = 0
request = function()
  count = count + 1
  local body = string.format('{"base_revision":%d,"text":"- [ ] Alice Martin: review draft %d due 2026-12-10\\n\\nDECISION: keep revision %d"}', revision, count, count)
  return wrk.format("PUT", path, nil, body)
end
response = function(status, headers, body)
  local r = body:match('"revision":(%d+)')
  if r then revision = tonumber(r) end
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None, token=None, content_type="application/json"):
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wrk(url, seconds, connections, headers=(), script=None, threads=None):
    threads = threads or (1 if connections == 1 else 2)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return float(match.group(1)), int(non2xx.group(1)) if non2xx else 0


def slowloris(port, slow_count, requests):
    """Opens `slow_count` connections that send half a request head and a byte a
    second, then times `requests` normal GET /api/v1/health while they hang on."""
    slow = []
    for _ in range(slow_count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    times = []
    try:
        for i in range(requests):
            for s in slow:
                try:
                    s.send(b"a")
                except OSError:
                    pass
            started = time.time()
            with socket.create_connection(("127.0.0.1", port), timeout=30) as c:
                c.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                reply = b""
                while True:
                    chunk = c.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
            if not reply.startswith(b"HTTP/1.1 200"):
                raise SystemExit("slowloris: a normal request failed: " + reply[:40].decode(errors="replace"))
            times.append(time.time() - started)
            time.sleep(0.1)
    finally:
        for s in slow:
            s.close()
    return max(times), sorted(times)[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quorum", default=os.path.join(ROOT, "build", "quorum"))
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--save-connections", default="1,4,8",
                        help="note savers at once (comma-separated runs), each on an agenda item of its own")
    parser.add_argument("--slow-clients", type=int, default=1000,
                        help="slowloris connections held open while normal requests are timed")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="quorum-bench-")
    port = free_port()
    env = dict(os.environ, QUORUM_HOME=ROOT)
    server = subprocess.Popen([args.quorum, "serve", "--data", data, "--port", str(port), "--bind", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(100):
            try:
                call("GET", base + "/health")
                break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit("bench: the server did not start")
        with open(os.path.join(ROOT, "examples", "gt-numerique-2026-11.md"), "rb") as f:
            meeting = call("POST", base + "/meetings/import", f.read(), content_type="text/markdown")
        mid, key = meeting["id"], meeting["facilitator_key"]
        save_runs = [int(n) for n in args.save_connections.split(",")]
        idle_before = rss_kib(server.pid)
        auth = "Authorization: Bearer " + key
        summary_url = f"{base}/meetings/{mid}/summary?format=html"
        urllib.request.urlopen(urllib.request.Request(summary_url, headers={"Authorization": "Bearer " + key}))

        health, _ = wrk(base + "/health", args.seconds, args.connections)
        summary, summary_errors = wrk(summary_url, args.seconds, args.connections, [auth])
        saves = []
        for run, savers in enumerate(save_runs):
            # Fresh items for each run: revisions start from 0 again.
            items = [call("POST", f"{base}/meetings/{mid}/agenda",
                          json.dumps({"title": f"Bench notes {run}.{n}"}), key)["id"] for n in range(savers)]
            paths = ",".join(f'"/api/v1/meetings/{mid}/notes/{item}"' for item in items)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write("ITEMS = {" + paths + "}\n" + SAVE_SCRIPT)
            rate, errors = wrk(f"{base}/health", args.seconds, savers, [auth, "Content-Type: application/json"],
                               script.name, threads=savers)
            os.unlink(script.name)
            saves.append((savers, rate, errors))
        slow_max, slow_median = slowloris(port, args.slow_clients, 20)
        time.sleep(1)
        idle_after = rss_kib(server.pid)

        print(f"{'route':<40} {'req/s':>10} {'ratio':>7} {'non-2xx':>8}")
        print(f"{'GET /api/v1/health':<40} {health:10.0f} {1.0:7.2f} {0:8d}")
        print(f"{'GET summary (cached html)':<40} {summary:10.0f} {summary / health:7.2f} {summary_errors:8d}")
        for savers, rate, errors in saves:
            label = f"PUT notes ({savers} saver{'s' if savers > 1 else ''}, new revision)"
            print(f"{label:<40} {rate:10.0f} {rate / health:7.2f} {errors:8d}")
        print(f"idle RSS: {idle_before / 1024:.1f} MiB before the load, {idle_after / 1024:.1f} MiB after")
        print(f"slowloris: {args.slow_clients} connections trickling a request head (more than the server's "
              f"16 workers); 20 normal requests meanwhile: median {slow_median * 1000:.1f} ms, "
              f"max {slow_max * 1000:.1f} ms (target <= 2 s)")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
