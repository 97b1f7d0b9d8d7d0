#!/usr/bin/env python3
"""python3 scripts/dev/cpu_tree.py CMD ARGS…: runs a command and reports the CPU seconds its whole process tree used, sampled every 0.25 s. Descendants are followed
by parent and by session (Chromium starts detached, in a session of its own, and its children can be reparented)."""
import os, subprocess, sys, time
tck = os.sysconf('SC_CLK_TCK')
p = subprocess.Popen(sys.argv[1:], start_new_session=True)
pids, sessions, seen = {p.pid}, {p.pid}, {}
def sample():
    procs = {}
    for d in os.listdir('/proc'):
        if not d.isdigit(): continue
        try: s = open(f'/proc/{d}/stat').read()
        except OSError: continue
        f = s[s.rfind(')') + 2:].split()
        procs[int(d)] = (int(f[1]), int(f[3]), f[19], (int(f[11]) + int(f[12])) / tck)
    changed = True
    while changed:
        changed = False
        for pid, (ppid, sid, _, _) in procs.items():
            if pid not in pids and (ppid in pids or sid in sessions):
                pids.add(pid); sessions.add(sid); changed = True
    for pid, (_, _, start, cpu) in procs.items():
        if pid in pids: seen[(pid, start)] = max(seen.get((pid, start), 0), cpu)
t0 = time.time()
while p.poll() is None:
    sample(); time.sleep(0.25)
print(f'cpu_tree: wall {time.time() - t0:.1f} s, cpu {sum(seen.values()):.1f} s over {len(seen)} processes, rc {p.returncode}', file=sys.stderr)
sys.exit(p.returncode)
