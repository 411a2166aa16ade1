"""bench-lang: runs the Korlang benchmark programs and their peer twins, and tabulates the times.

Started by bin/bench-lang (which checks that python3 exists); run by hand, never in CI.

Design. Every program in benchmarks/korlang/ (and benchmarks/korlang/tasks/ for --tasks) takes
one argument, the number of iterations, runs its workload that many times in one process, prints
`<name>: iteration I: T ms` after each (T from the language's own clock) and checks its result
after each; its other lines are its verification output, identical in every language by design.
For each program and language this script does two runs:
  1. the steady run, `<iterations>` iterations: the steady-state time is the median of the
     iterations after the first `--warmup` ones (JIT warm-up, heap growth);
  2. the cold run, 1 iteration, under GNU time: whole-process wall time (start-up included),
     processor time (user + system, all threads: less sensitive to other load on the machine
     than wall time) and max RSS — what a user sees running the program once.
A run that exits non-zero, times out, prints no iteration lines or prints verification lines that
differ from the other languages' is reported as such and its numbers are left out of the ratios.
Ratios are Korlang's steady-state time over each peer's (lower is better for Korlang); the
geomean is taken over the programs where both sides have a number. The Markdown table goes to
`--output` and, with `--update-readme`, between the markers `<!-- bench-lang:begin -->` and
`<!-- bench-lang:end -->` (for --tasks: `bench-lang-tasks`) of README.md.

Korlang runs as `bin/korlang run <file> <iterations>`; until that command works (the VM is being
built), the script probes it with a one-line program and skips Korlang with a line saying why.
"""

import argparse
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "benchmarks", "korlang")
TASKS_DIR = os.path.join(BENCH_DIR, "tasks")
JAVA25_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64"

# (program, workload size shown in the table)
PROGRAMS = [
    ("fib", "fib(35)"),
    ("binary-trees", "depth 16"),
    ("n-body", "1,000,000 steps"),
    ("spectral-norm", "n = 1000"),
    ("fannkuch-redux", "n = 10"),
    ("mandelbrot", "2000 × 2000"),
    ("richards", "100 runs"),
    ("deltablue", "n = 20000"),
    ("json", "300 parses"),
]
TASK_PROGRAMS = [
    ("skynet", "1,000,000 tasks"),
    ("pingpong", "1,000,000 round trips"),
    ("sieve", "2,000 primes"),
    ("fanin", "4 × 250,000 messages"),
]

ITERATION_LINE = re.compile(r"^(\S+): iteration (\d+): (\d+) ms$")


class Language:
    """One implementation to run: how to find its file for a program and how to start it."""

    def __init__(self, key, title, ext, command, directory=None, file_name=None):
        self.key = key
        self.title = title
        self.ext = ext
        self.command = command  # list of words; the program file and iterations are appended
        self.directory = directory
        self.file_name = file_name or (lambda program: program + "." + ext)
        self.skip_reason = None

    def file_for(self, program, tasks):
        directory = self.directory or (TASKS_DIR if tasks else BENCH_DIR)
        return os.path.join(directory, self.file_name(program))


def java_class_file(program):
    return {"skynet": "Skynet.java", "pingpong": "PingPong.java", "sieve": "Sieve.java",
            "fanin": "FanIn.java"}.get(program, program + ".java")


def log(message):
    print("bench-lang: " + message, file=sys.stderr, flush=True)


def apt_install(packages):
    """Installs Debian packages the way bin/setup does (sudo when not root); True on success."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if sudo and shutil.which("sudo") is None:
        return False
    log("installing " + " ".join(packages) + " with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    ok = subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env).returncode == 0
    ok = ok and subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
                               + packages, env=env, stdout=subprocess.DEVNULL).returncode == 0
    return ok


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "(no output)"


def probe_korlang(command, timeout):
    """None when `<command> hello.kor 7` prints what it should; otherwise why Korlang is skipped.

    bin/korlang builds the platform on its first run, so the probe may take minutes on a fresh
    clone; a bin/korlang without `run` (before the VM's launcher exists) fails at once."""
    log("probing Korlang with `%s hello.kor` (a first run of bin/korlang builds the platform, "
        "which can take minutes)" % " ".join(command))
    with tempfile.TemporaryDirectory() as tmp:
        hello = os.path.join(tmp, "hello.kor")
        with open(hello, "w") as f:
            f.write('fun main(args: [String]) -> Int {\n    println("korlang ok @{args.len()}")\n    0\n}\n')
        try:
            done = subprocess.run(command + [hello, "7"], capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            return "`%s` did not run: %s" % (" ".join(command), e)
        if done.returncode == 0 and "korlang ok 1" in done.stdout:
            return None
        return "`%s hello.kor 7` does not work yet (exit %d: %s)" % (
            " ".join(command), done.returncode, first_line(done.stderr + done.stdout))


def setup_languages(args):
    """The languages asked for, each with skip_reason set when it cannot run here."""
    time_tool = "/usr/bin/time"
    install = not args.no_install
    if not os.path.exists(time_tool) and install:
        apt_install(["time"])
    if not os.path.exists(time_tool):
        log("GNU time is missing (apt-get install -y time): whole-process time and max RSS "
            "will be measured by this script (wall time only, no RSS)")

    korlang_cmd = args.korlang.split()
    if args.tasks:
        java_home = os.environ.get("JAVA25_HOME", JAVA25_DEFAULT)
        langs = [
            Language("korlang", "Korlang", "kor", korlang_cmd),
            Language("java", "Java 25 (virtual threads)", "java",
                     [os.path.join(java_home, "bin", "java")], file_name=java_class_file),
            Language("lua", "Lua 5.4 (coroutines)", "lua", ["lua5.4"]),
        ]
    else:
        langs = [
            Language("korlang", "Korlang", "kor", korlang_cmd),
            Language("lua", "Lua 5.4", "lua", ["lua5.4"]),
            Language("python", "CPython", "py", [sys.executable if args.python is None else args.python]),
            Language("node", "Node", "js", ["node"]),
        ]
    wanted = args.languages.split(",") if args.languages else [l.key for l in langs]
    unknown = [w for w in wanted if w not in [l.key for l in langs]]
    if unknown:
        sys.exit("bench-lang: unknown language(s) %s; choose from %s" % (
            ", ".join(unknown), ", ".join(l.key for l in langs)))
    langs = [l for l in langs if l.key in wanted]

    for lang in langs:
        if lang.key == "korlang":
            lang.skip_reason = probe_korlang(lang.command, args.timeout)
        elif lang.key == "lua":
            if shutil.which("lua5.4") is None and install:
                apt_install(["lua5.4"])
            if shutil.which("lua5.4") is None:
                lang.skip_reason = "lua5.4 is not installed (apt-get install -y lua5.4)"
        elif lang.key == "node":
            if shutil.which("node") is None:
                lang.skip_reason = "node is not installed (Node 20: apt-get install -y nodejs)"
        elif lang.key == "java":
            if not os.access(lang.command[0], os.X_OK):
                lang.skip_reason = ("no JDK 25 at %s (set JAVA25_HOME to a JDK 25 home)"
                                    % os.path.dirname(os.path.dirname(lang.command[0])))
        elif lang.key == "python":
            if shutil.which(lang.command[0]) is None and not os.access(lang.command[0], os.X_OK):
                lang.skip_reason = "%s is not installed" % lang.command[0]
        if lang.skip_reason:
            log("%s: skipped — %s" % (lang.title, lang.skip_reason))
    return langs


def version_of(lang):
    cmds = {"lua": ["lua5.4", "-v"], "node": ["node", "--version"],
            "python": [lang.command[0], "--version"], "java": [lang.command[0], "--version"]}
    if lang.key not in cmds or lang.skip_reason:
        return None
    try:
        done = subprocess.run(cmds[lang.key], capture_output=True, text=True, timeout=60)
        version = first_line(done.stdout + done.stderr)
        if lang.key == "node":
            return "Node " + version
        if lang.key == "lua":
            return " ".join(version.split()[:2])
        return version
    except OSError:
        return None


class Result:
    def __init__(self):
        self.status = "ok"        # ok | failed | timeout | mismatch | missing | skipped
        self.detail = ""
        self.iterations = []      # ms per iteration, steady run
        self.steady_ms = None
        self.wall_s = None        # cold run, whole process
        self.cpu_s = None         # cold run, user + system processor time (all threads)
        self.rss_kb = None
        self.verification = []    # the non-timing lines of the steady run


def timed_run(command, timeout, cwd):
    """Runs command under GNU time; returns (returncode or None on timeout, stdout, stderr,
    wall seconds, processor seconds (user + system) or None, max RSS in KB or None)."""
    with tempfile.NamedTemporaryFile(prefix="bench-lang-time-", delete=False) as f:
        time_file = f.name
    try:
        full = command
        if os.path.exists("/usr/bin/time"):
            full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", time_file] + command
        start = time.monotonic()
        try:
            done = subprocess.run(full, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            return None, out, "", timeout, None, None
        wall = time.monotonic() - start
        cpu = rss = None
        try:
            with open(time_file) as f:
                fields = f.read().split()
            # GNU time writes "Command exited with non-zero status N" first when it failed
            if len(fields) >= 4:
                wall, cpu, rss = float(fields[-4]), float(fields[-3]) + float(fields[-2]), int(fields[-1])
        except (OSError, ValueError):
            pass
        return done.returncode, done.stdout, done.stderr, wall, cpu, rss
    finally:
        os.unlink(time_file)


def split_output(stdout):
    times, other = [], []
    for line in stdout.splitlines():
        m = ITERATION_LINE.match(line)
        if m:
            times.append(int(m.group(3)))
        else:
            other.append(line)
    return times, other


def run_one(lang, program, args):
    result = Result()
    if lang.skip_reason:
        result.status = "skipped"
        return result
    path = lang.file_for(program, args.tasks)
    if not os.path.exists(path):
        result.status = "missing"
        result.detail = "no " + os.path.relpath(path, ROOT)
        return result
    command = lang.command + [path]
    log("%s %s: %d iterations" % (lang.title, program, args.iterations))
    code, out, err, _, _, _ = timed_run(command + [str(args.iterations)], args.timeout, ROOT)
    times, other = split_output(out)
    result.iterations, result.verification = times, other
    if code is None:
        result.status, result.detail = "timeout", "over %d s" % args.timeout
        return result
    if code != 0 or len(times) != args.iterations:
        result.status = "failed"
        result.detail = "exit %d: %s" % (code, first_line("\n".join(other[-3:]) + "\n" + err))
        return result
    steady = times[min(args.warmup, len(times) - 1):]
    result.steady_ms = statistics.median(steady)
    if not args.no_cold:
        code, out, err, wall, cpu, rss = timed_run(command + ["1"], args.timeout, ROOT)
        if code == 0:
            result.wall_s, result.cpu_s, result.rss_kb = wall, cpu, rss
    return result


def check_agreement(results_by_lang):
    """Marks as mismatch every language whose verification lines differ from the majority's."""
    ran = {k: r for k, r in results_by_lang.items() if r.status == "ok"}
    if len(ran) < 2:
        return
    counts = {}
    for r in ran.values():
        key = "\n".join(r.verification)
        counts[key] = counts.get(key, 0) + 1
    majority = max(counts, key=counts.get)
    for k, r in ran.items():
        if "\n".join(r.verification) != majority:
            r.status = "mismatch"
            theirs = [l for l in r.verification if l not in majority.split("\n")]
            r.detail = "prints %r" % (theirs[0] if theirs else "fewer lines")


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_ms(result):
    if result.status == "ok":
        return "%.0f" % result.steady_ms if result.steady_ms >= 10 else "%.1f" % result.steady_ms
    return {"skipped": "—", "missing": "n/a"}.get(result.status, result.status.upper())


def fmt_whole(result):
    if result.status != "ok" or result.wall_s is None:
        return "—" if result.status in ("skipped", "missing") or result.wall_s is None else result.status
    cpu = " (cpu %.2f s)" % result.cpu_s if result.cpu_s is not None else ""
    rss = " / %.0f MB" % (result.rss_kb / 1024.0) if result.rss_kb else ""
    return "%.2f s%s%s" % (result.wall_s, cpu, rss)


def fmt_ratio(r):
    return "—" if r is None else "%.2f" % r


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def markdown(langs, programs, results, args, versions, loads):
    lines = []
    base = langs[0] if langs and langs[0].key == "korlang" else None
    peers = [l for l in langs if base is not None and l is not base]
    when = time.strftime("%Y-%m-%d")
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    lines.append("Measured %s by `bin/bench-lang%s` on %d cores (%s); steady state = median of "
                 "iterations %d–%d of one process, in ms; whole process = one run of 1 iteration "
                 "(start-up included): wall time (processor time of all threads) / max RSS."
                 % (when, " --tasks" if args.tasks else "", os.cpu_count() or 0, cpu or "unknown CPU",
                    min(args.warmup, args.iterations - 1) + 1, args.iterations))
    lines.append("Load average (1 min) at start / end: %s / %s — other work on the machine slows "
                 "every language alike only roughly; compare ratios from one run." % loads)
    shown = [v for v in versions if v]
    if shown:
        lines.append("Peers: " + "; ".join(shown) + ".")
    lines.append("")
    header = ["program", "size"] + ["%s (ms)" % l.title for l in langs]
    header += ["%s / %s" % (base.title, p.title.split(" (")[0]) for p in peers]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---", "---"] + ["---:"] * (len(langs) + len(peers))) + "|")
    ratios = {p.key: [] for p in peers}
    for program, size in programs:
        row = [program, size] + [fmt_ms(results[program][l.key]) for l in langs]
        for p in peers:
            k, o = results[program][base.key], results[program][p.key]
            r = k.steady_ms / o.steady_ms if k.status == "ok" and o.status == "ok" else None
            ratios[p.key].append(r)
            row.append(fmt_ratio(r))
        lines.append("| " + " | ".join(row) + " |")
    if peers:
        row = ["**geomean**", ""] + [""] * len(langs)
        row += ["**%s**" % fmt_ratio(geomean(ratios[p.key])) for p in peers]
        lines.append("| " + " | ".join(row) + " |")
    if not args.no_cold:
        lines.append("")
        lines.append("| program | " + " | ".join("%s whole process" % l.title for l in langs) + " |")
        lines.append("|---|" + "|".join(["---:"] * len(langs)) + "|")
        for program, _ in programs:
            lines.append("| %s | %s |" % (program, " | ".join(fmt_whole(results[program][l.key])
                                                              for l in langs)))
    notes = []
    for l in langs:
        if l.skip_reason:
            notes.append("%s skipped: %s." % (l.title, l.skip_reason))
    for program, _ in programs:
        for l in langs:
            r = results[program][l.key]
            if r.status == "missing":
                notes.append("%s has no %s twin (n/a)." % (program, l.title))
            elif r.status in ("failed", "timeout", "mismatch"):
                notes.append("%s on %s: %s%s." % (program, l.title, r.status,
                                                  (" — " + r.detail) if r.detail else ""))
    if notes:
        lines.append("")
        lines.extend("- " + n for n in notes)
    return "\n".join(lines) + "\n"


def update_readme(path, marker, table):
    begin, end = "<!-- %s:begin -->" % marker, "<!-- %s:end -->" % marker
    with open(path) as f:
        text = f.read()
    if begin not in text or end not in text or text.index(begin) > text.index(end):
        sys.exit("bench-lang: %s has no section between %s and %s; add those two lines where the "
                 "table should go" % (path, begin, end))
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(head + begin + "\n" + table + end + tail)


def main():
    parser = argparse.ArgumentParser(
        prog="bin/bench-lang",
        description="Runs the Korlang benchmark set on Korlang, Lua 5.4, CPython and Node (or, with "
                    "--tasks, the task benchmarks on Korlang, Java 25 and Lua) and reports "
                    "steady-state times, whole-process time, max RSS and Korlang's ratios.")
    parser.add_argument("programs", nargs="*", help="programs to run (default: all); one of: "
                        + ", ".join(p for p, _ in PROGRAMS + TASK_PROGRAMS))
    parser.add_argument("-n", "--iterations", type=int, default=5,
                        help="iterations per steady run (default 5)")
    parser.add_argument("-w", "--warmup", type=int, default=None,
                        help="leading iterations left out of the steady state (default: 2 when "
                             "iterations >= 3, else 0)")
    parser.add_argument("-l", "--languages", help="comma-separated subset: korlang,lua,python,node "
                        "(with --tasks: korlang,java,lua)")
    parser.add_argument("--tasks", action="store_true", help="run the task benchmarks (skynet, "
                        "pingpong, sieve, fanin) against Java 25 virtual threads and Lua coroutines")
    parser.add_argument("-o", "--output", help="Markdown file to write (default "
                        "target/bench-lang/results[-tasks].md)")
    parser.add_argument("--update-readme", nargs="?", const=os.path.join(ROOT, "README.md"),
                        metavar="FILE", help="also replace the marked section of README.md (or FILE)")
    parser.add_argument("--no-cold", action="store_true",
                        help="skip the 1-iteration whole-process runs (time and RSS)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per run (default 900)")
    parser.add_argument("--korlang", default=os.path.join(ROOT, "bin", "korlang") + " run",
                        help="command that runs a .kor file (default: bin/korlang run)")
    parser.add_argument("--python", default=None, help="CPython to use (default: this python3)")
    parser.add_argument("--no-install", action="store_true",
                        help="do not apt-get install lua5.4 / time when missing; skip instead")
    args = parser.parse_args()
    if args.iterations < 1:
        parser.error("--iterations must be at least 1")
    if args.warmup is None:
        args.warmup = 2 if args.iterations >= 3 else 0
    if args.warmup < 0 or args.warmup >= args.iterations:
        parser.error("--warmup must be between 0 and iterations - 1")

    catalogue = TASK_PROGRAMS if args.tasks else PROGRAMS
    names = [p for p, _ in catalogue]
    for p in args.programs:
        if p not in names:
            parser.error("unknown program %r%s; choose from %s" % (
                p, " (task benchmarks need --tasks)" if p in [t for t, _ in TASK_PROGRAMS] else "",
                ", ".join(names)))
    programs = [(p, s) for p, s in catalogue if not args.programs or p in args.programs]

    load_at_start = load_average()
    langs = setup_languages(args)
    versions = [version_of(l) for l in langs]
    results = {}
    for program, _ in programs:
        results[program] = {l.key: run_one(l, program, args) for l in langs}
        check_agreement(results[program])
        for l in langs:
            r = results[program][l.key]
            if r.status == "ok":
                log("%-16s %-26s steady %s ms, whole %s" % (program, l.title, fmt_ms(r), fmt_whole(r)))
            elif r.status != "skipped":
                log("%-16s %-26s %s %s" % (program, l.title, r.status.upper(), r.detail))

    table = markdown(langs, programs, results, args, versions, (load_at_start, load_average()))
    output = args.output or os.path.join(ROOT, "target", "bench-lang",
                                         "results-tasks.md" if args.tasks else "results.md")
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w") as f:
        f.write(table)
    print(table)
    log("table written to " + os.path.relpath(output))
    if args.update_readme:
        update_readme(args.update_readme, "bench-lang-tasks" if args.tasks else "bench-lang", table)
        log("section updated in " + os.path.relpath(args.update_readme))
    bad = [r for per in results.values() for r in per.values()
           if r.status in ("failed", "timeout", "mismatch")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
