#!/usr/bin/env python3
"""Counts the instructions of `stepbook serve`'s rebuilds after one edit, with callgrind:
generates N procedures with `bench/generate.py` (or reuses `--work`), starts the server under
`valgrind --tool=callgrind --instr-atstart=no`, waits for its first build, switches
instrumentation on, edits one procedure's `nl.md` EDITS times (adding, then removing, one
sentence), switches it off and prints the instructions per rebuild. The profile stays in
`--out` (`callgrind_annotate` reads it). Instruction counts are repeatable on a busy machine,
where wall times are not.

Usage: python3 bench/serve_profile.py [--n 1000] [--edits 5] [--stepbook PATH] [--work DIR]
       [--out callgrind.out.serve]
"""

import argparse
import os
import re
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
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--stepbook", default=str(HERE.parent / "target" / "release" / "stepbook"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--out", default="callgrind.out.serve")
    args = ap.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="stepbook-profile-"))
    root = work / "stepbook"
    if not root.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.n), str(work)],
                       check=True)
    target = root / "content" / "procedures" / f"procedure-{args.n // 2:05d}" / "nl.md"
    original = target.read_text(encoding="utf-8")
    out = Path(args.out).resolve()

    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
         args.stepbook, "serve", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    seen = threading.Condition()

    def read():
        for line in server.stdout:
            with seen:
                lines.append(line)
                seen.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_rebuilt(after):
        """The number of lines read up to the first 'Rebuilt' line after line `after`."""
        deadline = time.perf_counter() + 1800
        with seen:
            while True:
                for i, line in enumerate(lines[after:], after):
                    if REBUILT.search(line):
                        return i + 1
                if server.poll() is not None or time.perf_counter() > deadline:
                    sys.exit("the server stopped or did not rebuild:\n" + "".join(lines[-20:]))
                seen.wait(1)

    def control(*flags):
        subprocess.run(["callgrind_control", *flags, str(server.pid)], check=True,
                       stdout=subprocess.DEVNULL)

    try:
        position = wait_rebuilt(0)
        control("-i", "on")
        for n in range(args.edits):
            time.sleep(2.0)
            text = original.rstrip() + "\n\nBewerkt.\n" if n % 2 == 0 else original
            target.write_text(text, encoding="utf-8")
            position = wait_rebuilt(position)
        time.sleep(1.0)
        control("-i", "off")
    finally:
        target.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    rebuilds = sum(1 for line in lines if REBUILT.search(line)) - 1
    total = 0
    for path in out.parent.glob(out.name + "*"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("totals:"):
                total += int(line.split()[1])
                break
    print("".join(line for line in lines if REBUILT.search(line)), end="")
    print(f"{rebuilds} rebuilds for {args.edits} edits: {total / max(rebuilds, 1) / 1e6:.1f} M "
          f"instructions per rebuild ({total / 1e6:.1f} M in all), profile in {out}")


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
