#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""shell-test.py IMAGE QEMU [ARGS...] -- drive exo's interactive shell the
way a person does: boot IMAGE in QEMU on a pseudo-terminal (the serial
console on its stdio), type commands, and check what the screen shows.
Prints one PASS/FAIL line per check and closes with
"shell: N passed, N failed"; exit status 0 only if nothing failed."""
import os, pty, re, select, sys, time

TIMEOUT = float(os.environ.get("SHELL_TIMEOUT", "60"))   # per step, seconds
img, qemu = sys.argv[1], sys.argv[2:]
log_path = os.environ.get("SHELL_LOG", "build/logs/shell-test.log")
os.makedirs(os.path.dirname(log_path), exist_ok=True)
log = open(log_path, "w")
passed = failed = 0


def verdict(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS shell: " + what)
    else:
        failed += 1
        print("FAIL shell: " + what + (": " + detail if detail else ""))
    sys.stdout.flush()


pid, fd = pty.fork()
if pid == 0:
    os.execvp(qemu[0], qemu + ["-kernel", img])
screen = ""          # everything QEMU printed, \r removed
seen = 0             # how much of it the checks have consumed


def read_until(pattern, timeout=TIMEOUT):
    """Read until `pattern` (a regex) appears after `seen`; return the text
    from `seen` up to the end of the match (and move `seen` past it), or
    None after the timeout or at end of output."""
    global screen, seen
    end = time.time() + timeout
    rx = re.compile(pattern)
    while True:
        m = rx.search(screen, seen)
        if m:
            out = screen[seen:m.end()]
            seen = m.end()
            return out
        left = end - time.time()
        if left <= 0:
            return None
        r, _, _ = select.select([fd], [], [], min(left, 0.5))
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                m = rx.search(screen, seen)
                return screen[seen:m.end()] if m else None
            text = data.decode("utf-8", "replace").replace("\r", "")
            log.write(text)
            log.flush()
            screen += text


def typed(keys):
    """Type keys, a few at a time, as a person (or a paste) would."""
    for i in range(0, len(keys), 8):
        os.write(fd, keys[i:i + 8].encode())
        time.sleep(0.02)


PROMPT = r"exo\$ "


def command(line, expect, what, absent=None):
    typed(line + "\r")
    out = read_until(PROMPT)
    if out is None:
        verdict(False, what, "no prompt came back after %r" % line)
        return ""
    ok = re.search(expect, out, re.M) is not None
    if ok and absent is not None:
        ok = re.search(absent, out, re.M) is None
    verdict(ok, what, "after %r the screen showed %r" % (line, out[-400:]))
    return out


try:
    out = read_until(PROMPT)
    verdict(out is not None and "Things to try" in out, "boots to the shell with a welcome line",
            repr((out or screen)[-300:]))
    if out is not None:
        command("hello", r"^hello from libOS program 'hello' in ring 3", "hello runs from the file system")
        command("hello one two", r"^hello: argv\[2\] = two$", "arguments reach the program")
        command("echo a  b   c", r"^a b c$", "echo, with runs of spaces")
        command("ls", r"^  hello +\d+ bytes", "ls lists the programs")
        command("nosuchprog", r"nosuchprog: no such program", "an unknown program gets a clear error")
        command("hellx\x7fo", r"^hello from libOS program", "backspace edits the line")
        command("ps", r"sh \(this shell\)", "ps shows the shell")
        command("free", r"free \d+, kernel \d+, owned \d+", "free shows the exposed page table")
        command("kill 1234", r"kill: 1234: no program of this shell", "kill of a stranger is refused")
        command("kill zz", r"kill: 'zz' is not an env id", "kill of a non-number is refused")
        command("kill", r"kill: usage", "kill without an id: usage")
        command("", r"^$", "an empty line gives a new prompt")
        command("primes 30", r"^primes: 2 3 5 7 11 13 17 19 23 29$", "primes over pipes")
        command("hello a b | wc", r"^wc: 7 lines, 50 words, \d+ bytes$", "a pipe joins two programs")
        command("primes 30|wc", r"^wc: 1 lines, 11 words, 34 bytes$", "a pipe without spaces, from a forking program")
        command("hello | nosuch", r"nosuch: no such program", "a pipe to an unknown program: clear error")
        command("hello |", r"a pipe joins exactly two programs", "a dangling pipe: usage")
        command("forktree 2", r"^forktree: 7 envs, every check passed$", "a fork tree")
        command("pingpong 100", r"^pingpong: 100 round trips", "ping-pong over IPC")
        command("appel", r"^appel: .*every check passed", "Appel-Li VM demo")
        command("revdemo", r"^revdemo: cooperative: .*\nrevdemo: forced: ", "cooperative and forced revocation")
        command("bench", r"^bench: done \(0 failed operations\)$", "bench times every primitive")
        command("spin &", r"spin: running in the background", "a program in the background")
        out = command("ps", r"spin &", "ps shows the background program")
        m = re.search(r"^\s+\d+\s+([0-9a-f]+)\s+\d+\s+\d+\s+\d+\s+spin &$", out, re.M)
        if m:
            command("kill " + m.group(1), r"spin: killed", "kill ends it")
            command("ps", r"sh \(this shell\)", "and ps no longer shows it", absent=r"spin")
        else:
            verdict(False, "kill ends it", "no spin line in ps")
        typed("exit\r")
        t0 = time.time()
        out = read_until(r"halting", 30)
        verdict(out is not None and "accounting exact" in out,
                "exit halts the machine with every page accounted", repr((out or screen)[-300:]))
finally:
    try:
        _, status = os.waitpid(pid, os.WNOHANG)
        if _ == 0:
            time.sleep(2)
            _, status = os.waitpid(pid, os.WNOHANG)
        if _ == 0:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            verdict(False, "QEMU exits by itself after exit")
        else:
            code = os.waitstatus_to_exitcode(status)
            verdict(code == 1, "QEMU exit status 1 (root env status 0, pages exact)", "status %d" % code)
    except ChildProcessError:
        pass
print("shell: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
