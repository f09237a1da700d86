#!/usr/bin/env python3
"""Times `stepbook serve` on one edit in a large project: generates N procedures with
`bench/generate.py` (or reuses the project in `--work`), starts the server, waits for its first
build, then edits one procedure's `nl.md` EDITS times (adding, then removing, one sentence), and
prints for each edit the rebuild time the server reports and the time from the file write to the
server saying it rebuilt (which includes the watcher's debounce), with the medians.

With `--callgrind OUT` it counts instructions instead of timing: the server runs under
`valgrind --tool=callgrind --instr-atstart=no`, instrumentation is switched on after the first
build and off after the last edit, and the total is divided by the rebuilds (it includes the
watcher's ticks between edits). The profile stays in OUT (`callgrind_annotate` reads it).
Instruction counts are repeatable on a busy machine, where wall times are not.

Usage: python3 bench/serve_edit.py [--n 1000] [--edits 12] [--stepbook PATH] [--work DIR]
                                   [--callgrind OUT]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REBUILT = re.compile(r"Rebuilt .* in ([0-9.]+) ms: (\d+) rendered, (\d+) reused")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=12)
    ap.add_argument("--stepbook", default=str(HERE.parent / "target" / "release" / "stepbook"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--callgrind", metavar="OUT", default=None,
                    help="count instructions per rebuild with callgrind, profile in OUT")
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="stepbook-serve-"))
    root = work / "stepbook"
    if not root.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(work)],
                       check=True)
    target = root / "content" / "procedures" / f"procedure-{args.n // 2:05d}" / "nl.md"
    original = target.read_text(encoding="utf-8")

    command = [args.stepbook, "serve", "--root", str(root), "--port", "0"]
    out = Path(args.callgrind).resolve() if args.callgrind else None
    if out:
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={out}", *command]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    lines = []
    seen = threading.Condition()

    def read():
        for line in server.stdout:
            with seen:
                lines.append((time.perf_counter(), line))
                seen.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_rebuilt(after):
        """The first 'Rebuilt' line read after line number `after`: (time read, match, the
        number of lines read up to it)."""
        deadline = time.perf_counter() + (1800 if out else 600)
        with seen:
            while True:
                for i, (at, line) in enumerate(lines[after:], after):
                    found = REBUILT.search(line)
                    if found:
                        return at, found, i + 1
                if server.poll() is not None or time.perf_counter() > deadline:
                    sys.exit("the server stopped or did not rebuild:\n"
                             + "".join(line for _, line in lines[-20:]))
                seen.wait(1)

    def instrument(switch):
        if out:
            subprocess.run(["callgrind_control", "-i", switch, str(server.pid)], check=True,
                           stdout=subprocess.DEVNULL)

    try:
        started = time.perf_counter()
        at, first, position = wait_rebuilt(0)
        print(f"first build: {float(first.group(1)):.0f} ms ({first.group(2)} files); "
              f"{at - started:.1f} s to the first site", flush=True)
        instrument("on")
        rebuilds, latencies = [], []
        for n in range(args.edits):
            time.sleep(2.0 if out else 1.0)
            text = original.rstrip() + "\n\nBewerkt.\n" if n % 2 == 0 else original
            written = time.perf_counter()
            target.write_text(text, encoding="utf-8")
            at, found, position = wait_rebuilt(position)
            rebuilds.append(float(found.group(1)))
            latencies.append((at - written) * 1000)
            print(f"edit {n + 1}: rebuild {found.group(1)} ms, {found.group(2)} rendered, "
                  f"{found.group(3)} reused; {latencies[-1]:.0f} ms from the write", flush=True)
        if out:
            time.sleep(1.0)
            instrument("off")
        else:
            print(f"median rebuild {statistics.median(rebuilds):.1f} ms "
                  f"(min {min(rebuilds):.1f}, max {max(rebuilds):.1f}); median from the write "
                  f"{statistics.median(latencies):.0f} ms")
    finally:
        target.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    if out:
        rebuilt = sum(1 for _, line in lines if REBUILT.search(line)) - 1
        total = 0
        for path in out.parent.glob(out.name + "*"):
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("totals:"):
                    total += int(line.split()[1])
                    break
        print(f"{rebuilt} rebuilds for {args.edits} edits: "
              f"{total / max(rebuilt, 1) / 1e6:.1f} M instructions per rebuild "
              f"({total / 1e6:.1f} M in all), profile in {out}")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
