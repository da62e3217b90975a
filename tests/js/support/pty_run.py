#!/usr/bin/env python3
"""Runs a command inside a real pseudo-terminal, answers its first "(y/N)" prompt and reports.

usage: python3 pty_run.py [--answer TEXT] [--prompt TEXT] [--answer-delay SECONDS]
                          [--interrupt-on TEXT] [--timeout SECONDS] -- COMMAND [ARG...]

--answer-delay waits that long after the prompt before answering. --interrupt-on types Ctrl-C
(the terminal sends SIGINT to the command) once TEXT appears in the output after the answer (or
anywhere, when there is no prompt).

Prints one JSON object on stdout: {"exitCode": int | null, "signal": int | null, "prompted": bool,
"timedOut": bool, "output": str}. `output` is everything the command wrote to the terminal (stdout
and stderr share it, with the echo of the answer). Only the standard library is used.
"""
import argparse
import json
import os
import pty
import select
import signal
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answer", default="n")
    parser.add_argument("--prompt", default="(y/N)")
    parser.add_argument("--answer-delay", type=float, default=0.0)
    parser.add_argument("--interrupt-on", default=None)
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("missing command")

    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its stdin, stdout and stderr
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)

    prompt = args.prompt.encode()
    output = b""
    prompted = False
    answer_at = None
    interrupt = args.interrupt_on.encode() if args.interrupt_on is not None else None
    watched_from = 0
    interrupted = False
    timed_out = False
    deadline = time.monotonic() + args.timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        if answer_at is not None and time.monotonic() >= answer_at:
            answer_at = None
            os.write(fd, args.answer.encode() + b"\n")
            watched_from = len(output)
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.05))
        if fd not in ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            break
        output += data
        if not prompted and prompt in output:
            prompted = True
            answer_at = time.monotonic() + args.answer_delay
        if interrupt is not None and not interrupted and answer_at is None and interrupt in output[watched_from:]:
            interrupted = True
            os.write(fd, b"\x03")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    result = {
        "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "prompted": prompted,
        "interrupted": interrupted,
        "timedOut": timed_out,
        "output": output.decode("utf-8", "replace"),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
