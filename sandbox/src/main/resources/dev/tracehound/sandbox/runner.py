# The command runner: one long-lived process per sandbox that starts the sandbox's commands, so a
# command costs a fork instead of a docker exec (two HTTP round trips and a runc start).
#
# It reads requests from stdin and writes events to stdout, one JSON object a line:
#   {"op":"run","id":ID,"argv":[...],"cwd":DIR,"env":{...},"stdin":BASE64|null,"limit":BYTES}
#   {"op":"signal","id":ID,"signal":N}
#   -> {"ev":"ready"}  once, at start
#   -> {"id":ID,"ev":"out","fd":1|2,"data":BASE64}
#   -> {"id":ID,"ev":"exit","code":N,"cut":[STDOUT_CUT,STDERR_CUT]}   code 128+N: killed by signal N
#   -> {"id":ID,"ev":"fail","message":TEXT}                           it could not start
# Each command leads its own session and process group. When the command's first process ends,
# what it left in its group is killed, so nothing outlives a command but what it detached itself.
# Single-threaded on purpose: at a full pids limit it cannot start a thread, but it still answers.
import base64
import json
import os
import selectors
import signal
import sys
import time

DRAIN_SECONDS = 2.0  # how long output may still come after the group is gone (setsid'd children)


class Running:
    def __init__(self, cid, pid, fds, limit):
        self.cid = cid
        self.pid = pid
        self.fds = fds  # fd -> 1 (stdout) or 2 (stderr)
        self.limit = limit
        self.sent = {1: 0, 2: 0}
        self.cut = {1: False, 2: False}
        self.code = None
        self.exited_at = None
        self.killing = False
        self.group_gone = False


def send(event):
    data = memoryview((json.dumps(event, separators=(",", ":")) + "\n").encode())
    while data:
        data = data[os.write(1, data):]


def child(argv, cwd, env, stdin_fd, out_w, err_w):
    try:
        os.setsid()
        os.dup2(stdin_fd, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.closerange(3, 65536)
        for sig in (signal.SIGPIPE, signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        try:
            # The kernel's OOM killer should pick a command before the runner.
            with open("/proc/self/oom_score_adj", "w") as f:
                f.write("500")
        except OSError:
            pass
        try:
            os.chdir(cwd)
        except OSError as e:
            os.write(2, ("cannot run in %s: %s\n" % (cwd, e.strerror)).encode())
            os._exit(126)
        try:
            os.execvpe(argv[0], argv, env)
        except FileNotFoundError:
            os.write(2, ("%s: command not found\n" % argv[0]).encode())
            os._exit(127)
        except OSError as e:
            os.write(2, ("%s: %s\n" % (argv[0], e.strerror)).encode())
            os._exit(126)
    finally:
        os._exit(127)


def start(request, running, by_fd, selector):
    cid = request["id"]
    env = dict(os.environ)
    env.update(request.get("env") or {})
    fds = []
    try:
        stdin = request.get("stdin")
        if stdin is None:
            stdin_fd = os.open("/dev/null", os.O_RDONLY)
        else:
            stdin_fd = os.open("/tmp", os.O_TMPFILE | os.O_RDWR, 0o600)
            fds.append(stdin_fd)
            data = memoryview(base64.b64decode(stdin))
            while data:
                data = data[os.write(stdin_fd, data):]
            os.lseek(stdin_fd, 0, os.SEEK_SET)
        fds.append(stdin_fd)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        fds += [out_r, out_w, err_r, err_w]
        pid = os.fork()
    except OSError as e:
        for fd in set(fds):
            os.close(fd)
        send({"id": cid, "ev": "fail", "message": "cannot start the command: %s" % e.strerror})
        return
    if pid == 0:
        child(request["argv"], request.get("cwd") or os.getcwd(), env, stdin_fd, out_w, err_w)
    for fd in (stdin_fd, out_w, err_w):
        os.close(fd)
    command = Running(cid, pid, {out_r: 1, err_r: 2}, int(request.get("limit") or 1 << 20))
    running[cid] = command
    for fd in (out_r, err_r):
        os.set_blocking(fd, False)
        by_fd[fd] = command
        selector.register(fd, selectors.EVENT_READ)


def forward(fd, command, by_fd, selector):
    try:
        data = os.read(fd, 65536)
    except BlockingIOError:
        return
    stream = command.fds[fd]
    if not data:
        selector.unregister(fd)
        os.close(fd)
        del by_fd[fd]
        del command.fds[fd]
        return
    room = command.limit - command.sent[stream]
    if len(data) > room:
        command.cut[stream] = True
        data = data[:max(room, 0)]
    if data:
        command.sent[stream] += len(data)
        send({"id": command.cid, "ev": "out", "fd": stream, "data": base64.b64encode(data).decode()})


def kill_group(command, sig):
    try:
        os.killpg(command.pid, sig)
        return True
    except ProcessLookupError:
        return False
    except OSError:
        return True


def reap(running):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for command in running.values():
            if command.pid == pid:
                code = os.waitstatus_to_exitcode(status)
                command.code = 128 - code if code < 0 else code
                command.exited_at = time.monotonic()
                break


def settle(running, by_fd, selector):
    """Ends the commands whose first process has exited, once their group is empty and output drained."""
    for command in list(running.values()):
        if command.code is None:
            if command.killing and not kill_group(command, signal.SIGKILL):
                command.killing = False
            continue
        if not command.group_gone:
            command.group_gone = not kill_group(command, signal.SIGKILL)
        drained = not command.fds or time.monotonic() - command.exited_at > DRAIN_SECONDS
        if command.group_gone and drained:
            for fd in list(command.fds):
                forward(fd, command, by_fd, selector)
            for fd in list(command.fds):
                selector.unregister(fd)
                os.close(fd)
                del by_fd[fd]
            command.fds.clear()
            del running[command.cid]
            send({"id": command.cid, "ev": "exit", "code": command.code, "cut": [command.cut[1], command.cut[2]]})


def main():
    selector = selectors.DefaultSelector()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(0, selectors.EVENT_READ)
    selector.register(wake_r, selectors.EVENT_READ)
    running, by_fd = {}, {}
    pending = b""
    send({"ev": "ready"})
    while True:
        busy = any(c.code is not None or c.killing for c in running.values())
        for key, _ in selector.select(0.02 if busy else 1.0):
            fd = key.fd
            if fd == 0:
                data = os.read(0, 1 << 20)
                if not data:
                    for command in running.values():
                        kill_group(command, signal.SIGKILL)
                    return
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    if request["op"] == "run":
                        start(request, running, by_fd, selector)
                    elif request["op"] == "signal" and request["id"] in running:
                        command = running[request["id"]]
                        if command.code is None:
                            kill_group(command, int(request["signal"]))
                            command.killing = int(request["signal"]) == signal.SIGKILL
            elif fd == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
            elif fd in by_fd:
                forward(fd, by_fd[fd], by_fd, selector)
        reap(running)
        settle(running, by_fd, selector)


main()
