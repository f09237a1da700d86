#!/usr/bin/env python3
"""Times `stepbook build` (HTML only, and HTML + PDF checklists) against mdBook, Hugo and Zola (the
same words as a site) and Typst (the same checklists as PDF) on synthetic content from
`bench/generate.py`, at several sizes, and writes a Markdown table.

Every command is run once to warm the caches, then RUNS times; the table gives the median wall
time of the process and its peak resident memory (from wait4, per process). Peers that are not
installed are skipped with a message. Ratios are stepbook ÷ peer: below 1 means stepbook is faster.

Usage:
  python3 bench/compare.py [--sizes 1,100,1000,10000] [--runs 5] [--work DIR]
                           [--out bench/results.md] [--stepbook PATH] [--smoke]

--smoke builds the smallest size with stepbook only, once, and checks the output is there (CI).
mdBook is skipped above --mdbook-max (default 1000: it takes minutes at 10 000) and Typst above
--typst-max (default 1000: one document of 10 000 checklists is not what a user would build).
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


GNU_TIME = "/usr/bin/time"


class Failed(Exception):
    """A tool exited with an error."""


def run_once(cmd, cwd=None):
    """Wall seconds, peak RSS (MB) and CPU seconds of one run; exits with the tool's output if
    it fails. The peak comes from GNU time where installed: the rusage of a child forked from
    Python also counts Python's own pages from before the exec, some 16 MB."""
    with tempfile.TemporaryFile() as log, tempfile.NamedTemporaryFile("r") as peak_file:
        gnu_time = Path(GNU_TIME).is_file()
        full = [GNU_TIME, "-f", "%M", "-o", peak_file.name, *cmd] if gnu_time else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives the rusage of this child (and what it waited for) alone.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.seek(0)
            raise Failed(f"failed ({code}): {' '.join(map(str, cmd))}\n"
                         f"{log.read().decode(errors='replace')[-2000:]}")
        peak_kb = usage.ru_maxrss
        if gnu_time:
            peak_kb = int(peak_file.read().strip().splitlines()[-1])
    return wall, peak_kb / 1024, usage.ru_utime + usage.ru_stime


def measure(name, cmd, runs, cwd=None, before=None, warm_up=True):
    """Median wall (s) and max peak RSS (MB) over `runs` runs after one warm-up."""
    if warm_up:
        if before:
            before()
        run_once(cmd, cwd)
    walls, peaks, cpus = [], [], []
    for _ in range(runs):
        if before:
            before()
        wall, peak, cpu = run_once(cmd, cwd)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    median = statistics.median(walls)
    cpu = statistics.median(cpus)
    print(f"  {name:<22} {median * 1000:10.1f} ms  (min {min(walls) * 1000:.1f}, "
          f"max {max(walls) * 1000:.1f}, {runs} runs)  cpu {cpu * 1000:.0f} ms  "
          f"peak {max(peaks):7.1f} MB", flush=True)
    return median, max(peaks), cpu


def interleaved(jobs, runs, warm_up=True):
    """Like `measure` for several tools, run in turns (one run of each per round), so that the
    load of a shared machine, which drifts over minutes, weighs on every tool alike. A peer
    that fails is reported and left out; stepbook failing stops the script."""
    samples = {key: [] for key, *_ in jobs}
    failed = set()
    for round_ in range(runs + (1 if warm_up else 0)):
        for key, name, cmd, out in jobs:
            if key in failed:
                continue
            if Path(out).is_dir():
                shutil.rmtree(out, True)
            try:
                sample = run_once(cmd)
            except Failed as error:
                if key in ("html", "full"):
                    raise
                print(f"  {name} failed, left out: {error}", flush=True)
                failed.add(key)
                continue
            if round_ > 0 or not warm_up:
                samples[key].append(sample)
    results = {}
    for key, name, *_ in jobs:
        if key in failed or not samples[key]:
            continue
        walls = [w for w, _, _ in samples[key]]
        peak = max(p for _, p, _ in samples[key])
        median, cpu = statistics.median(walls), statistics.median(c for _, _, c in samples[key])
        print(f"  {name:<22} {median * 1000:10.1f} ms  (min {min(walls) * 1000:.1f}, "
              f"max {max(walls) * 1000:.1f}, {len(walls)} runs)  cpu {cpu * 1000:.0f} ms  "
              f"peak {peak:7.1f} MB", flush=True)
        results[key] = (median, peak, cpu)
    return results


def tool(name, extra=()):
    for candidate in [shutil.which(name), *extra]:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({os.sched_getaffinity(0).__len__()} usable), {model}, " \
           f"{platform.system()} {platform.release()}"


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.environ.get("TMPDIR", "/tmp") + "/stepbook-bench")
    ap.add_argument("--out", default=str(HERE / "results.md"))
    ap.add_argument("--stepbook", default=None)
    ap.add_argument("--mdbook-max", type=int, default=1000)
    ap.add_argument("--typst-max", type=int, default=1000)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()

    stepbook = args.stepbook
    if stepbook is None:
        target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
        stepbook = target / "release" / "stepbook"
        print("building stepbook (cargo build --release)", flush=True)
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    stepbook = str(stepbook)
    work = Path(args.work)
    sizes = [int(s) for s in args.sizes.split(",")]

    if args.smoke:
        n = sizes[0]
        base = work / f"n{n}"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(base)], check=True)
        root = base / "stepbook"
        measure(f"stepbook html (N={n})",
                [stepbook, "build", "-q", "--no-pdf", "--root", root, "--out", base / "o1"], 1)
        measure(f"stepbook html+pdf (N={n})",
                [stepbook, "build", "-q", "--root", root, "--out", base / "o2"], 1)
        pages = list((base / "o2").rglob("index.html"))
        pdfs = list((base / "o2").rglob("*.pdf"))
        # n procedure pages + the language index + the root index.
        if len(pages) != n + 2 or len(pdfs) != n or list((base / "o1").rglob("*.pdf")):
            sys.exit(f"smoke run: expected {n + 2} pages and {n} PDFs, got {len(pages)} "
                     f"and {len(pdfs)}")
        print(f"smoke run ok: {len(pages)} pages, {len(pdfs)} checklists")
        return

    mdbook = tool("mdbook", [Path.home() / ".cargo/bin/mdbook", "/work/tools/bin/mdbook"])
    hugo = tool("hugo")
    zola = tool("zola", [Path.home() / ".cargo/bin/zola", "/work/tools/bin/zola"])
    typst = tool("typst", [Path.home() / ".cargo/bin/typst", "/work/tools/bin/typst"])
    for name, path, how in [("mdbook", mdbook, "cargo install mdbook --locked"),
                            ("hugo", hugo, "apt-get install hugo"),
                            ("zola", zola, "build Zola from its source; it is not on crates.io"),
                            ("typst", typst, "cargo install typst-cli --locked")]:
        if path is None:
            print(f"{name} is not installed: skipped (install with `{how}`)")
    versions = {"stepbook": version([stepbook, "--version"])}
    for name, path, flag in [("mdbook", mdbook, "--version"), ("hugo", hugo, "version"),
                             ("zola", zola, "--version"),
                             ("typst", typst, "--version")]:
        if path:
            versions[name] = version([path, flag])
    fonts = REPO / "themes" / "default" / "fonts"

    print("\nthe shipped project (content/, every language, HTML + PDF)", flush=True)
    seed_out = work / "seed-out"
    seed = measure("stepbook seed build", [stepbook, "build", "-q", "--root", REPO, "--out",
                                           seed_out], max(args.runs, 11),
                   before=lambda: shutil.rmtree(seed_out, True))

    rows = []
    for n in sizes:
        base = work / f"n{n}"
        print(f"\nN = {n}: generating into {base}", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(base)], check=True)
        # At 10 000 no warm-up (the files were just written, so the caches are warm anyway),
        # and at most 3 runs each: one run was a draw on a machine whose speed moves by a third.
        big = n >= 10000
        runs = min(args.runs, 3) if big else args.runs
        root = base / "stepbook"
        # Every tool builds into an empty folder (removed before each run, outside the timing):
        # Hugo leaves old files in place, mdBook and stepbook remove the previous output, which
        # costs more than the build itself on a disk mounted with `discard`.
        jobs = [("html", "stepbook html",
                 [stepbook, "build", "-q", "--no-pdf", "--root", root, "--out", base / "o-html"],
                 base / "o-html"),
                ("full", "stepbook html+pdf",
                 [stepbook, "build", "-q", "--root", root, "--out", base / "o-full"],
                 base / "o-full")]
        if mdbook and n <= args.mdbook_max:
            jobs.append(("mdbook", "mdbook",
                         [mdbook, "build", base / "mdbook", "-d", base / "o-mdbook"],
                         base / "o-mdbook"))
        if hugo:
            jobs.append(("hugo", "hugo",
                         [hugo, "--quiet", "--source", base / "hugo", "--destination",
                          base / "o-hugo", "--cacheDir", base / "hugo-cache"], base / "o-hugo"))
        if zola:
            jobs.append(("zola", "zola",
                         [zola, "--root", base / "zola", "build", "--output-dir",
                          base / "o-zola"], base / "o-zola"))
        if typst and n <= args.typst_max:
            jobs.append(("typst", "typst (one document)",
                         [typst, "compile", "--ignore-system-fonts", "--font-path", fonts,
                          base / "typst" / "checklists.typ", base / "o-typst.pdf"],
                         base / "o-typst.pdf"))
        row = {"n": n, **interleaved(jobs, runs, warm_up=not big)}
        row = {k: v for k, v in row.items() if v is not None}
        report(row)
        rows.append(row)

    write_table(Path(args.out), rows, versions, args.runs, seed)


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def pdf_per_doc(row):
    """stepbook's cost of one checklist: (HTML + PDF − HTML only) ÷ N, in seconds."""
    return max(row["full"][0] - row["html"][0], 0) / row["n"]


def report(row):
    n = row["n"]
    peers = [(name, row[name][0]) for name in ("mdbook", "hugo", "zola") if name in row]
    print(f"  stepbook html: {row['html'][0] * 1000 / n:.3f} ms per procedure")
    for name, wall in peers:
        print(f"  html ratio stepbook ÷ {name}: {row['html'][0] / wall:.3f}")
    if "typst" in row:
        typst = row["typst"][0] / n
        print(f"  pdf per document: stepbook {pdf_per_doc(row) * 1000:.2f} ms, typst "
              f"{typst * 1000:.2f} ms, ratio {pdf_per_doc(row) / typst:.3f}")


def write_table(path, rows, versions, runs, seed):
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    lines = [
        f"Measured {today} on {machine()}; median of {runs} runs after a warm-up, the tools taking turns (at "
        f"N = 10 000 at most 3, without the warm-up): every tool building into an empty folder: wall time of the process · its CPU time (user + sys, all threads), peak "
        "RSS in MB in brackets. "
        + ", ".join(f"{k}: `{v}`" for k, v in versions.items()) + ".",
        "",
        f"The shipped project (every language, HTML + PDF): {ms(seed[0])} ms · {ms(seed[2])} cpu "
        f"({seed[1]:.0f} MB).",
        "",
        "| N | stepbook HTML | stepbook HTML+PDF | mdBook | Hugo | Zola | Typst (N checklists) "
        "| stepbook HTML ms/procedure | HTML ÷ fastest peer | HTML ÷ Zola (wall · cpu) "
        "| PDF ms/document stepbook · Typst "
        "| PDF ÷ Typst (one document of N) | PDF ÷ Typst (a file per checklist) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    # Typst's time for one checklist alone: its cost per document when, like stepbook, each
    # checklist is a file of its own.
    single = next((row["typst"][0] for row in rows if row["n"] == 1 and "typst" in row), None)
    for row in rows:
        n = row["n"]
        per_file = f"{pdf_per_doc(row) / single:.2f}" if single and n > 1 else "—"

        def cell(name):
            if name not in row:
                return "—"
            wall, peak, cpu = row[name]
            return f"{ms(wall)} ms · {ms(cpu)} cpu ({peak:.0f})"

        peers = [row[name][0] for name in ("mdbook", "hugo", "zola") if name in row]
        html_ratio = f"{row['html'][0] / min(peers):.2f}" if peers else "—"
        if "zola" in row:
            zola_ratio = (f"{row['html'][0] / row['zola'][0]:.2f} · "
                          f"{row['html'][2] / row['zola'][2]:.2f}")
        else:
            zola_ratio = "—"
        if "typst" in row:
            mine, theirs = pdf_per_doc(row), row["typst"][0] / n
            pdf = f"{mine * 1000:.2f} · {theirs * 1000:.2f}"
            pdf_ratio = f"{mine / theirs:.2f}"
        else:
            pdf, pdf_ratio = f"{pdf_per_doc(row) * 1000:.2f} · —", "—"
        lines.append(
            f"| {n} | {cell('html')} | {cell('full')} | {cell('mdbook')} | {cell('hugo')} "
            f"| {cell('zola')} | {cell('typst')} | {row['html'][0] * 1000 / n:.3f} | {html_ratio} "
            f"| {zola_ratio} | {pdf} "
            f"| {pdf_ratio} | {per_file} |")
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"\n{text}\nwritten to {path}")


if __name__ == "__main__":
    try:
        main()
    except Failed as error:
        sys.exit(str(error))
