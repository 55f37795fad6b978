#!/usr/bin/env python3
"""Read a test bed's console log, compare with its expectations file.

check-results.py CONSOLE_LOG EXPECTATIONS BED RESULTS_DIR [--sets=SET,...]
                 [--no-kunit] [--checkers]

Collects KUnit's KTAP (printed during boot) and each user-space test set's
TAP (printed by the test /init between "# SET-selftests: start" and "...:
done"; SET is kvm and x86 for the kvm and x86 selftests, x87 for the i386
math-emu bed), writes them as RESULTS_DIR/BED-kunit.tap and BED-SET.tap,
writes what it prints to RESULTS_DIR/BED-summary.txt, and judges each result
(named SET:test) against EXPECTATIONS (lines "NAME fail|skip reason";
"include FILE" and "NAME pass reason" to build on another bed's file;
"NAME retry reason": a test the bed itself makes fail now and then, run a
second time when its first try fails, and passing only if that one does).
--sets: the sets the bed must run to completion (default: kvm).
--no-kunit: the bed does not judge KUnit (its kernel has none, or another
bed with the same kernel does); KUnit results on its console are not counted.
--checkers: the bed runs the debug kernel; fail unless the console shows
KASAN, lockdep, kmemleak's scan and the fault injection controls at work.

On every bed, any kernel problem on the console fails the run: a WARN, BUG,
oops or panic; a KASAN, UBSAN or lockdep report; a sleep in atomic context; a
smp_processor_id() in preemptible code; an RCU warning or stall; an MSR
access that #GPs where the kernel expected none ("unchecked MSR access
error"); an object that kmemleak reports unreferenced. The exceptions are listed, by message,
in allowed-warnings.txt beside EXPECTATIONS: the line after "cut here" of a
WARN; for any other report, "HEADLINE | DETAIL | ... | trace: f1 < f2 < f3"
(its first three lines that say what it found, and the innermost frames of
its call trace that are not the reporting code's); for kmemleak, "kmemleak:
unreferenced object from COMM: f1 < f2 < ..." (the allocation's backtrace,
innermost first).
Prints the results and ends with "N passed, N failed, N skipped"; exits 1 when
anything unexpected happened.

check-results.py --retry-arg EXPECTATIONS prints the kernel command line
argument that asks the test /init for those second tries ("ktest.retry=a,b"),
or nothing.
"""
import os
import re
import sys

TS = re.compile(r"^\[\s*\d+\.\d+\] ")
RESULT = re.compile(r"^(not ok|ok) (\d+) (?:- )?([^#]*?)\s*(?:# (.*))?$")
# The headline of a kernel problem report. KASAN ("BUG: KASAN: ..."), a sleep
# in atomic context and smp_processor_id() in preemptible code are BUGs;
# lockdep and RCU-lockdep reports are WARNINGs.
PROBLEM = re.compile(r"^WARNING: |^BUG: |Oops: |general protection fault|Kernel panic"
                     r"|^UBSAN: |^INFO: |rcu: INFO: .*stall|unchecked MSR access error")
# What the debug kernel's console must show (--checkers).
CHECKERS = {
    "KASAN": re.compile(r"KernelAddressSanitizer initialized"),
    "lockdep": re.compile(r"Lock dependency validator"),
    "kmemleak": re.compile(r"^# kmemleak: scan done"),
    "failslab": re.compile(r"^# fault-injection: failslab"),
    "fail_page_alloc": re.compile(r"^# fault-injection: fail_page_alloc"),
}
# kmemleak's backtrace lines: "[<ADDRESS>] func+0x..", the address hashed
# or hidden ("(____ptrval____)").
BACKTRACE = re.compile(r"^\s*\[<[^>]*>\] ([\w.]+)\+0x")
# A reliable frame of a report's Call Trace (not a "? " guess).
FRAME = re.compile(r"^\s+([\w.]+)\+0x[0-9a-f]+/0x[0-9a-f]+")
# Frames of the reporting machinery, not of the code reported on.
REPORTER = re.compile(r"^(dump_stack|show_stack|print_|_*kasan|check_memory_region|__asan|"
                      r"lockdep_|_*might_sleep|check_preemption_disabled|debug_smp_processor_id|"
                      r"_*ubsan|_*warn|report_bug|handle_bug|exc_invalid_op|asm_exc_|"
                      r"check_noncircular|check_prevs?_add|validate_chain|_*lock_acquire)")
# Lines of a report that say nothing about what it found.
NOISE = re.compile(r"^-+$|Tainted: |Not tainted|^CPU: |^Hardware name:|^other info that might help|"
                   r"^rcu_scheduler_active|^stack backtrace:|^\s*$")


def load_expectations(path):
    """Lines "NAME fail|skip reason"; "include FILE" takes another file's
    (beside this one) first, and "NAME pass reason" drops what it said of
    NAME: the test must pass here."""
    exp = {}
    for lineno, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        parts = line.split(None, 2)
        if len(parts) == 2 and parts[0] == "include":
            exp.update(load_expectations(os.path.join(os.path.dirname(path), parts[1])))
            continue
        if len(parts) < 3 or parts[1] not in ("fail", "skip", "pass", "retry"):
            sys.exit(f"{path}:{lineno}: want 'NAME fail|skip|pass|retry reason' or 'include FILE': {line}")
        if parts[1] == "retry" and parts[0].startswith("kunit:"):
            sys.exit(f"{path}:{lineno}: KUnit cases run once, at boot: {line}")
        if parts[1] == "pass":
            exp.pop(parts[0], None)
        else:
            exp[parts[0]] = (parts[1], parts[2])
    return exp


def load_allowed(path):
    try:
        return [re.compile(l.strip()) for l in open(path)
                if l.strip() and not l.lstrip().startswith("#")]
    except FileNotFoundError:
        return []


def parse(log, allowed):
    kunit, user = [], []     # (name, status, note); status: pass/fail/skip/timeout
    kunit_skip = {}          # KUnit case -> reason it logged for not running
    tset = None              # the user-space test set: names are "SET:test"
    sets = {}                # set -> [its plan, whether it completed]
    suite = None
    section = "boot"
    problems = []
    seen_checkers = set()
    after_cut = allowed_warn = False
    leak = None              # kmemleak: [comm, [functions]] of the current report
    report = None            # any other report: [headline, details, frames, lines, in_trace]

    def is_allowed(msg):
        return any(a.search(msg) for a in allowed)

    def end_leak():
        nonlocal leak
        if leak:
            msg = f"kmemleak: unreferenced object from {leak[0]}: " + " < ".join(leak[1][:6])
            if not is_allowed(msg):
                problems.append(msg)
        leak = None

    def end_report():
        # A report is named by its headline, the first lines that say what
        # it found and the innermost frames of its trace.
        nonlocal report
        if report:
            msg = " | ".join([report[0]] + report[1])
            if report[2]:
                msg += " | trace: " + " < ".join(report[2])
            if not is_allowed(msg):
                problems.append(msg)
        report = None

    def feed_report(line):
        if not report:
            return
        report[3] += 1
        if "Call Trace:" in line:
            report[4] = True
        elif report[4]:
            m = FRAME.match(line)
            if m and not REPORTER.match(m.group(1)):
                report[2].append(m.group(1))
        elif len(report[1]) < 3 and not NOISE.search(line.strip()):
            report[1].append(line.strip())
        if len(report[2]) >= 3 or report[3] > 60:
            end_report()

    for raw in open(log, errors="replace"):
        line = TS.sub("", raw.rstrip("\r\n"))
        for name, rx in CHECKERS.items():
            if rx.search(line):
                seen_checkers.add(name)
        if line.startswith("# dmesg: "):
            line = TS.sub("", line[len("# dmesg: "):])
        if line.startswith("# kmemleak: "):
            line = line[len("# kmemleak: "):]
            if line.startswith("unreferenced object"):
                end_leak()
                leak = ["?", []]
                continue
            if leak:
                m = re.match(r'\s*comm "([^"]*)"', line)
                if m:
                    leak[0] = m.group(1)
                m = BACKTRACE.match(line)
                if m:
                    leak[1].append(m.group(1))
            continue
        end_leak()
        # A WARN prints "cut here", its message, then "WARNING: ...": the
        # message says whether a test provoked it on purpose.
        if re.search(r"-{12}\[ cut here \]-{12}", line):
            after_cut = True
            continue
        if after_cut and line.strip():
            after_cut = False
            if is_allowed(line.strip()):
                allowed_warn = True
                continue
        if line.startswith("WARNING: ") and allowed_warn:
            allowed_warn = False
            continue
        if PROBLEM.search(line):
            end_report()
            report = [line.strip(), [], [], 0, False]
        else:
            feed_report(line)
        m = re.match(r"# (\w+)-selftests: start", line)
        if m:
            end_report()
            tset = m.group(1)
            sets[tset] = [None, False]
            section = "user"
            continue
        if re.match(r"# \w+-selftests: done", line):
            if tset:
                sets[tset][1] = True
            section = "end"
            continue
        if section == "boot":
            m = re.match(r"^\s+# Subtest: (\S+)", line)
            if m:
                suite = m.group(1)
                continue
            # 5.10's KUnit has no kunit_skip(): a case that cannot run
            # logs "# CASE: SKIP: reason" and is then reported as ok.
            m = re.match(r"^\s+# (\w+): SKIP: (.*)$", line)
            if m:
                kunit_skip[m.group(1)] = m.group(2).strip()
                continue
            m = RESULT.match(line.strip())
            if m and suite and line.startswith("    ") and not line.startswith("        "):
                case = m.group(3).strip()
                status = "pass" if m.group(1) == "ok" else "fail"
                d = (m.group(4) or "").strip()
                if d.upper().startswith("SKIP"):
                    status = "skip"
                elif status == "pass" and case in kunit_skip:
                    status, d = "skip", "SKIP " + kunit_skip.pop(case)
                kunit.append((f"kunit:{suite}.{case}", status, d))
        elif section == "user":
            m = re.match(r"^1\.\.(\d+)$", line)
            if m:
                sets[tset][0] = int(m.group(1))
                continue
            m = RESULT.match(line)
            if m:
                d = (m.group(4) or "").strip()
                if m.group(1) == "ok":
                    status = "skip" if d.upper().startswith("SKIP") else "pass"
                else:
                    status = "timeout" if d.upper().startswith("TIMEOUT") else "fail"
                user.append((f"{tset}:{m.group(3).strip()}", status, d))
    end_leak()
    end_report()
    problems = list(dict.fromkeys(problems))
    return kunit, user, sets, problems, seen_checkers


def write_tap(path, results):
    with open(path, "w") as f:
        f.write("TAP version 13\n1..%d\n" % len(results))
        for i, (name, status, note) in enumerate(results, 1):
            if status == "pass":
                f.write(f"ok {i} {name}\n")
            elif status == "skip":
                f.write(f"ok {i} {name} # SKIP {note}\n")
            else:
                f.write(f"not ok {i} {name} # {status.upper()} {note}\n")


def main():
    if sys.argv[1:2] == ["--retry-arg"]:
        retry = [n.split(":", 1)[1] for n, (st, _) in load_expectations(sys.argv[2]).items()
                 if st == "retry"]
        if retry:
            print("ktest.retry=" + ",".join(retry))
        return 0
    log, expfile, bed, outdir = sys.argv[1:5]
    want_kunit = "--no-kunit" not in sys.argv[5:]
    want_checkers = "--checkers" in sys.argv[5:]
    want_sets = ["kvm"]
    for arg in sys.argv[5:]:
        if arg.startswith("--sets="):
            want_sets = [x for x in arg[len("--sets="):].split(",") if x]
    exp = load_expectations(expfile)
    allowed = load_allowed(os.path.join(os.path.dirname(expfile), "allowed-warnings.txt"))
    kunit, user, sets, problems, checkers = parse(log, allowed)
    by_set = {t: [r for r in user if r[0].startswith(t + ":")] for t in sets}
    if want_kunit:
        write_tap(f"{outdir}/{bed}-kunit.tap", kunit)
    for tset, results in by_set.items():
        write_tap(f"{outdir}/{bed}-{tset}.tap", results)

    passed = failed = skipped = 0
    lines = []
    seen = set()
    for name, status, note in (kunit if want_kunit else []) + user:
        seen.add(name)
        want = exp.get(name)
        if status == "pass":
            passed += 1
            if want and want[0] == "retry":
                if "retried" in note:
                    lines.append(f"retried {name}: its first try failed, its second passed ({note}): {want[1]}")
            elif want:
                lines.append(f"XPASS {name}: expected to {want[0]} ({want[1]}); tighten {expfile}")
            continue
        if want and (want[0] == status or (want[0] == "fail" and status == "timeout")):
            skipped += 1
            lines.append(f"expected {status} {name}: {want[1]}")
            continue
        failed += 1
        lines.append(f"UNEXPECTED {status} {name}: {note}")
    if want_kunit and not kunit:
        failed += 1
        lines.append("UNEXPECTED: no KUnit results on the console")
    for tset in dict.fromkeys(want_sets + list(sets)):
        plan, done = sets.get(tset, [None, False])
        got = len(by_set.get(tset, []))
        if plan is None or not done:
            failed += 1
            lines.append(f"UNEXPECTED: the {tset} selftest run did not complete (crash or hang?)")
        elif got != plan:
            failed += 1
            lines.append(f"UNEXPECTED: {got} {tset} selftest results, plan said {plan}")
    for name in sorted(set(exp) - seen):
        lines.append(f"note: {name} is in {expfile} but did not run")
    if want_checkers:
        missing = sorted(set(CHECKERS) - checkers)
        if missing:
            failed += 1
            lines.append("UNEXPECTED: not a working debug kernel: no sign of "
                         + ", ".join(missing) + " on the console")
        else:
            lines.append("checkers at work: " + ", ".join(sorted(CHECKERS)))
    if problems:
        failed += 1
        lines.append(f"UNEXPECTED: {len(problems)} kernel warnings/oopses/checker reports on the console:")
        lines += ["  " + p for p in problems[:20]]
    out = [f"[{bed}] {line}" for line in lines]
    taps = ([f"{bed}-kunit.tap"] if want_kunit else []) + [f"{bed}-{t}.tap" for t in sets]
    counts = ", ".join(f"{t} selftests: {len(r)}" for t, r in by_set.items())
    out.append(f"[{bed}] kunit: {len(kunit)} cases, {counts or 'no selftests'}; "
               f"TAP in {outdir}/{', '.join(taps)}")
    out.append(f"{bed}: {passed} passed, {failed} failed, {skipped} skipped")
    print("\n".join(out))
    with open(f"{outdir}/{bed}-summary.txt", "w") as f:
        f.write("\n".join(out) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
